"""Every change of state in pilots: one transaction and one audit entry each.

One module per part of the app (pilots, participants, achievements, reference data; imports
belong to the import part). Each action checks the rules that hold whoever asks (only members
of the pilot's verified partner organisations change a pilot) and raises ValidationError with
a message fit to show the person, naming the field at fault. Views check who may see a thing,
and answer 404 to anyone else, before they call an action.
"""
