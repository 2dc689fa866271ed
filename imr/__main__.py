from imr.cli import main

main()
