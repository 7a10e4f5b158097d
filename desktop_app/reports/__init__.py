"""The printouts: receipt (80 mm or 58 mm roll, or A4), receipt list, daily summary, unpaid list,
and the tax office's paper: the receipt placed onto its form (套打) and the calibration page,
the 结报单, the 退费申请表, the 先缴后补 发放名单.

What this layer holds: what each printout shows (reports.model, built from the ledger's
records in domain/; the newer printouts keep their model beside their renderer), the
renderers that lay it out as HTML (receipt, receipt_list, day_summary, unpaid,
settlement_sheet, refund_form, payout_list; each returns a reports.page.Printout) or as
text and lines at fixed millimetres (form_receipt and test_page, from a layout file in
resources/receipt_layouts/), and the painting of a printout on a printer or into a PDF
with the bundled font (reports.output, reports.placed, reports.fonts). Only output,
placed and fonts import Qt.

What it may import: domain/ and Qt. It is reached only through services.printouts,
the registry that both the window and the CLI use; nothing else imports it.
"""
