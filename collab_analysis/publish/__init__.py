"""Publishing: plan the papers, run the notebooks, export them, and keep what is up to date."""
