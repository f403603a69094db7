"""The documentation, installed with the package as ``authoring.doc_data`` (``kompass hjälp``)."""
