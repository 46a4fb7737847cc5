from ebgov_desktop.cli import main

raise SystemExit(main())
