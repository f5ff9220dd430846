"""The annual work report: its figures gathered from the data (`compose`), laid out as a
`Document` of numbered sections, tables and charts, and written as Word or PDF (`render_*`)."""
