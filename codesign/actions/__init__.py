"""Every change of state in co-design: one transaction and one audit entry each.

The actions live in one module per part of the app (needs and offers, workspaces, designs,
comments); each checks the rules that hold whoever asks (the workspace role that may do it, the
state the thing must be in) and raises ValidationError with a message fit to show the person.
Views check who may see a thing, and answer 404 to anyone else, before they call an action.
"""
