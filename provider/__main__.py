"""The plugin folder's entry point: the Python language host runs ``python <this folder> <engine
address>``, which serves the ``inspectortrial`` provider as ``pulumi-resource-inspectortrial``
does."""

import sys

from pulumi_inspector_trial.plugin.server import main

if __name__ == "__main__":
    main(sys.argv[1:])
