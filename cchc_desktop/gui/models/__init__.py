"""Qt item models over the domain: the report list, the Phụ lục III tree, the findings."""
