"""The GUI kit shared by the apps: DKFDS forms (`forms.py`) and view helpers (`views.py`)."""
