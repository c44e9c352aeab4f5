"""The formulas of the KEP method: pure functions over the models, small frozen results.

One module per building block; nothing here reads files or writes Markdown.
"""
