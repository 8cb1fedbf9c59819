"""The public register of recognised micro-credentials: what an approval puts in it (content),
how that is fingerprinted (canonical), and how it is read by people and machines (search,
JSON-LD, exports, the API, verification). Changes of state are in codesign.actions.register.
"""
