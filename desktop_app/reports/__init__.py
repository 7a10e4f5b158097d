"""The printouts: receipt (80 mm roll or A4), receipt list, daily summary, unpaid list.

What this layer holds: what each printout shows (reports.model, built from the ledger's
records in domain/), the renderers that lay it out as HTML (receipt, receipt_list,
day_summary, unpaid; each returns a reports.page.Printout), and the painting of a
printout on a printer or into a PDF with the bundled font (reports.output,
reports.fonts). Only output and fonts import Qt.

What it may import: domain/ and Qt. It is reached only through services.printouts,
the registry that both the window and the CLI use; nothing else imports it.
"""
