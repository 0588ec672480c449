"""CCHC Desktop: soạn, kiểm tra và xuất báo cáo cải cách hành chính định kỳ."""

__version__ = "0.1.0"
