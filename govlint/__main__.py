from govlint.cli.main import main

raise SystemExit(main())
