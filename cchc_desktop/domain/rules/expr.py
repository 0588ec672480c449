"""A small safe expression language over indicator codes: tokenizer, parser and Decimal evaluator.

Grammar (no names, no calls, no attribute access; nothing is ever passed to eval)::

    rule       := sum COMPARE sum
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | atom
    atom       := CODE | NUMBER | "(" sum ")"

CODE is an indicator code: digits separated by dots ("1.3.2", "6.1") or any code in brackets
("[3.5.1]", "[hs.1]"). NUMBER is a whole number ("100") or a decimal written the Vietnamese way with a
comma ("0,5"), since a dotted number is an indicator code. COMPARE is one of <= >= < > = == != and the
signs ≤ ≥ ≠.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext

from ..frozen import Frozen

MAX_LENGTH = 1000  # characters in one expression
MAX_DEPTH = 40  # nesting of parentheses and unary signs
MAX_TOKENS = 200  # keeps the tree shallow enough to walk recursively

COMPARISONS = ("<=", ">=", "<", ">", "=", "!=")
_CMP_ALIASES = {"≤": "<=", "≥": ">=", "≠": "!=", "==": "=", "=<": "<=", "=>": ">="}
_CMP_SHOWN = {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "=": "=", "!=": "≠"}

_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<code>\d+(?:\.\d+)+(?![\d.,])|\[[A-Za-z0-9][A-Za-z0-9._-]{0,40}\])
  | (?P<number>\d{1,30}(?:,\d{1,30})?(?![\d.,]))
  | (?P<cmp><=|>=|==|!=|=<|=>|[<>=≤≥≠])
  | (?P<op>[-+*/−×])
  | (?P<paren>[()])
    """,
    re.VERBOSE,
)
_OP_ALIASES = {"−": "-", "×": "*"}


class ExprError(ValueError):
    """An expression that is not a valid rule. The message is Vietnamese and names the position."""


class Token(Frozen):
    """A token of a rule expression and where it starts."""

    __match_args__ = ("kind", "text", "pos")
    kind: str  # "code" | "number" | "cmp" | "op" | "paren" | "end"
    text: str
    pos: int

    def __init__(self, kind: str, text: str, pos: int) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "pos", pos)


def tokenize(source: str) -> list[Token]:
    """Split an expression into tokens; anything that is not part of the language is refused."""
    if not isinstance(source, str):
        raise ExprError("Biểu thức phải là chuỗi ký tự")
    if len(source) > MAX_LENGTH:
        raise ExprError(f"Biểu thức dài quá {MAX_LENGTH} ký tự")
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        m = _TOKEN_RE.match(source, pos)
        if m is None:
            raise ExprError(f"Ký tự không hợp lệ “{source[pos]}” ở vị trí {pos + 1} của biểu thức")
        kind = m.lastgroup or ""
        text = m.group()
        if kind != "space":
            if kind == "code" and text.startswith("["):
                text = text[1:-1]
            elif kind == "cmp":
                text = _CMP_ALIASES.get(text, text)
            elif kind == "op":
                text = _OP_ALIASES.get(text, text)
            tokens.append(Token(kind, text, pos))
            if len(tokens) > MAX_TOKENS:
                raise ExprError(f"Biểu thức có quá {MAX_TOKENS} thành phần")
        pos = m.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


# --- syntax tree -------------------------------------------------------------------------------
class Node(Frozen):
    """A node of the expression tree."""

    __slots__ = ()

    def codes(self) -> list[str]:
        raise NotImplementedError

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        raise NotImplementedError

    def show(self) -> str:
        raise NotImplementedError


class Num(Node):
    """A number in an expression."""

    __slots__ = ("value",)
    __match_args__ = ("value",)
    value: Decimal

    def __init__(self, value: Decimal) -> None:
        object.__setattr__(self, "value", value)

    def codes(self) -> list[str]:
        return []

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        return self.value

    def show(self) -> str:
        return str(self.value).replace(".", ",")


class Ref(Node):
    """An indicator's value in an expression, by its code."""

    __slots__ = ("code",)
    __match_args__ = ("code",)
    code: str

    def __init__(self, code: str) -> None:
        object.__setattr__(self, "code", code)

    def codes(self) -> list[str]:
        return [self.code]

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        return values[self.code]

    def show(self) -> str:
        return self.code if re.fullmatch(r"\d+(?:\.\d+)+", self.code) else f"[{self.code}]"


class Neg(Node):
    """A negated expression."""

    __slots__ = ("operand",)
    __match_args__ = ("operand",)
    operand: Node

    def __init__(self, operand: Node) -> None:
        object.__setattr__(self, "operand", operand)

    def codes(self) -> list[str]:
        return self.operand.codes()

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        return -self.operand.evaluate(values)

    def show(self) -> str:
        return f"-{self.operand.show()}"


_ARITH: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


class BinOp(Node):
    """Two expressions joined by + - * /."""

    __slots__ = ("left", "op", "right")
    __match_args__ = ("op", "left", "right")
    op: str
    left: Node
    right: Node

    def __init__(self, op: str, left: Node, right: Node) -> None:
        object.__setattr__(self, "op", op)
        object.__setattr__(self, "left", left)
        object.__setattr__(self, "right", right)

    def codes(self) -> list[str]:
        return self.left.codes() + self.right.codes()

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        return _ARITH[self.op](self.left.evaluate(values), self.right.evaluate(values))

    def show(self) -> str:
        left, right = self.left.show(), self.right.show()
        if self.op in "*/":
            if isinstance(self.left, BinOp) and self.left.op in "+-":
                left = f"({left})"
            if isinstance(self.right, BinOp):
                right = f"({right})"
        elif self.op == "-" and isinstance(self.right, BinOp) and self.right.op in "+-":
            right = f"({right})"
        return f"{left} {self.op} {right}"


_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


class Undefined(ArithmeticError):
    """The expression has no value for these inputs (a division by zero)."""


class Comparison(Frozen):
    """A parsed rule expression: left COMPARE right."""

    __match_args__ = ("op", "left", "right", "source")
    op: str
    left: Node
    right: Node
    source: str

    def __init__(self, op: str, left: Node, right: Node, source: str) -> None:
        object.__setattr__(self, "op", op)
        object.__setattr__(self, "left", left)
        object.__setattr__(self, "right", right)
        object.__setattr__(self, "source", source)

    def codes(self) -> tuple[str, ...]:
        """The indicator codes read, in order of first appearance, without repeats."""
        return tuple(dict.fromkeys(self.left.codes() + self.right.codes()))

    def sides(self, values: Mapping[str, Decimal]) -> tuple[Decimal, Decimal]:
        """Both sides' values. Raises KeyError for a code not in values, Undefined on 0 divisor."""
        with localcontext() as ctx:
            ctx.prec = 34
            ctx.traps[DivisionByZero] = True
            ctx.traps[InvalidOperation] = True
            try:
                return self.left.evaluate(values), self.right.evaluate(values)
            except (DivisionByZero, InvalidOperation) as exc:
                raise Undefined(str(exc)) from None

    def holds(self, left: Decimal, right: Decimal) -> bool:
        return _COMPARE[self.op](left, right)

    def evaluate(self, values: Mapping[str, Decimal]) -> bool:
        left, right = self.sides(values)
        return self.holds(left, right)

    def show(self) -> str:
        """The rule written for people: "1.3.2 + 1.3.3 ≤ 1.3.1"."""
        return f"{self.left.show()} {_CMP_SHOWN[self.op]} {self.right.show()}"


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.i = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind != "end":
            self.i += 1
        return tok

    def fail(self, tok: Token, expected: str) -> ExprError:
        found = "hết biểu thức" if tok.kind == "end" else f"“{tok.text}”"
        return ExprError(
            f"Biểu thức “{self.source}”: cần {expected} ở vị trí {tok.pos + 1}, gặp {found}"
        )

    def comparison(self) -> Comparison:
        left = self.sum()
        tok = self.take()
        if tok.kind != "cmp":
            raise self.fail(tok, "một phép so sánh (<=, >=, <, >, =, !=)")
        right = self.sum()
        end = self.peek()
        if end.kind != "end":
            raise self.fail(end, "kết thúc biểu thức (chỉ một phép so sánh)")
        return Comparison(tok.text, left, right, self.source)

    def sum(self) -> Node:
        node = self.product()
        while self.peek().kind == "op" and self.peek().text in "+-":
            op = self.take().text
            node = BinOp(op, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.peek().kind == "op" and self.peek().text in "*/":
            op = self.take().text
            node = BinOp(op, node, self.unary())
        return node

    def unary(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"Biểu thức “{self.source[:60]}” lồng nhau quá sâu")
        try:
            tok = self.peek()
            if tok.kind == "op" and tok.text in "+-":
                self.take()
                inner = self.unary()
                return Neg(inner) if tok.text == "-" else inner
            return self.atom()
        finally:
            self.depth -= 1

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "code":
            return Ref(tok.text)
        if tok.kind == "number":
            return Num(Decimal(tok.text.replace(",", ".")))
        if tok.kind == "paren" and tok.text == "(":
            node = self.sum()
            close = self.take()
            if close.kind != "paren" or close.text != ")":
                raise self.fail(close, "dấu “)”")
            return node
        raise self.fail(tok, "mã chỉ tiêu, số hoặc dấu “(”")


def parse(source: str) -> Comparison:
    """Parse a rule expression such as "1.3.2 + 1.3.3 <= 1.3.1". Raises ExprError, nothing else."""
    return _Parser(source).comparison()
