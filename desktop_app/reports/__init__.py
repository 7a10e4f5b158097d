"""The printouts: receipt (80 mm roll or A4), receipt list, daily summary, unpaid list.

services.printouts gathers each printout's data (reports.model, no Qt); the modules
here lay it out as HTML (receipt, receipt_list, day_summary, unpaid) and reports.output
paints it on a printer or into a PDF with the bundled font (reports.fonts).
"""
