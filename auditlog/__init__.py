"""Ændringslog, the audit review UI (README.md). It sits above audit and the apps whose events
it shows: it uses their form kit, roles and kommuner, while audit/ stays the one writer of the
chain and imports none of them. The words it shows come from audit.registry."""
