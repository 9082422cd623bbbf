"""Tools for filling, measuring and loading the register, above every other app (so the register
imports none of them): the commands `manage.py seed_demo` (the demo register and users),
`stress_writes` (bench/stress.py) and `generate_register` (the bulk loader of a synthetic
register, bench/generator.py) in bench/management/commands/, and the benchmark scripts (run as
files, see README "Benchmarks"). They write the audit trail only through the services or
`audit.services.record_many`."""
