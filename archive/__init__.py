"""edunotice archive: storage, versions, search and export of Chinese education notices.

Imports no Scrapy, so a researcher can ``import archive`` in a notebook.
"""
