"""Therapists' YAML exercises -> Markdown pages and worksheets -> a MkDocs Material site.

The stages, each a module, the data flowing one way:
reader (YAML with line marks) -> schema/validate (typed models) -> catalogue (the Site,
cross-references checked) -> render (Jinja) -> writer (atomic, only what changed) -> build
(MkDocs into a temporary folder, PDFs, swap into site/).
"""
