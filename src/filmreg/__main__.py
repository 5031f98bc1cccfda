from filmreg.cli.main import main

main()
