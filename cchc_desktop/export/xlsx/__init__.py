"""The Excel workbook sub-units fill in: layout, writer, cell reading and workbook reading (no plan)."""
