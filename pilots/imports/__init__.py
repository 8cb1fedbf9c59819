"""Importing a pilot's participants from a CSV or XLSX file.

The steps, each in its own module: `files` refuses what is not a spreadsheet within the stated
limits before anything parses it; `reading` turns the file into a table of text cells, numbered
as a person sees the rows; `validation` checks every cell with pandas and lists each problem by
row, column, value and reason; `bulk` writes validated rows fast (the body of
`pilots.actions.participants.save_participants`); `template` writes the file to fill in and
the list of allowed values. The flow (upload, check, preview, confirm, import) is in
`pilots.actions.imports`; the jobs in `pilots.tasks`.
"""
