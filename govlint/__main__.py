from govlint.cli.main import run

run()
