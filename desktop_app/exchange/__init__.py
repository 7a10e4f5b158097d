"""The exchange layer: files in and out of the village.

Holds the roster and identity-list readers, the upload batch (the county's workbook
layout from a template, its XML, the manifest and its verification), the county's
answers and the township's merge of many villages' batches.

May import: ``desktop_app.policy`` and ``desktop_app.domain`` (and openpyxl,
python-calamine). Never store, services, the window or Qt: services hand it records
and write what it reads.
"""
