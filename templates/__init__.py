"""Report templates: installed as the package data of ``authoring.template_data``.

This folder holds data, not code: frameworks, report texts, styles and the Word reference
document. The file exists so that ``importlib.resources`` finds the folder in every install.
"""
