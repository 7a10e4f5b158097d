from desktop_app.cli import main

main()
