from filmreg.cli import main

main()
