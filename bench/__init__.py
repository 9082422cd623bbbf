"""Tools for measuring and loading the register, not part of the app's runtime code: the
benchmark scripts (run as files, see README "Benchmarks"), the stress run behind
`manage.py stress_writes` (bench/stress.py) and the bulk loader of a synthetic register behind
`manage.py generate_register` (bench/generator.py). They write the audit trail only through
`audit.services.record_many`."""
