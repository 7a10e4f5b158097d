"""The built program's entry point: the same click commands as ``python -m desktop_app``.

Started without arguments the program opens the window (the top-level group does that);
anything else is the command line. On Windows the folder holds two executables built
from this script: 征缴通.exe (windowed, the one the collector double-clicks) and
zhengjiao.exe (a console program for the terminal, the county's scripts and CI's
``--self-test``). Elsewhere 征缴通 is both.
"""

from desktop_app.app import main

if __name__ == "__main__":
    main()
