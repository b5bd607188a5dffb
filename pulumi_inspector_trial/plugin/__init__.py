"""The native provider plugin ``pulumi-resource-inspectortrial``: the package schema, the async
provider serving its functions to every Pulumi language, and the process the engine starts."""
