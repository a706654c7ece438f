"""The rule data in models/ ships inside the package as ``pipeline.models`` (package data), so an installed
wheel extracts without the repository; setup.cfg holds everything else."""
from setuptools import find_packages, setup

setup(packages=find_packages(include=["pipeline", "pipeline.*"]) + ["pipeline.models"],
      package_dir={"pipeline.models": "models"})
