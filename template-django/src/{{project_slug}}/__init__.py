"""The project package: settings (config), apps and their templates and static files."""
