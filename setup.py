from pathlib import Path

from setuptools import find_packages, setup

setup(
    name="pulumi-inspector-trial",
    version="0.1.0",
    description=(
        "See AWS Inspector free-trial status in Pulumi stacks and gate Inspector scan types on it."
    ),
    long_description=Path(__file__).with_name("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.10",
    packages=find_packages(include=["pulumi_inspector_trial", "pulumi_inspector_trial.*"]),
    package_data={"pulumi_inspector_trial": ["py.typed", "schemas/*.schema.json"]},
    install_requires=[
        # 3.268 is the first SDK whose dynamic-provider Read works for a resource read by id.
        "pulumi>=3.268,<4",
        "boto3>=1.34",
        "pulumi-aws>=7,<8",
    ],
    extras_require={
        "test": [
            "pytest>=8",
            "pytest-timeout>=2.3",
            "pytest-xdist>=3.5",
            "hypothesis>=6.100",
            "ruff>=0.6",
            "mypy>=1.10",
            "mypy-boto3-inspector2>=1.34",  # the typed client, for mypy strict
            "check-jsonschema>=0.28",  # validates the example workflow, offline
        ],
        # The CrossGuard policy pack (pulumi_inspector_trial.policy, examples/policy-pack).
        "policy": ["pulumi-policy>=1.13"],
    },
    entry_points={
        "console_scripts": ["inspector-trial=pulumi_inspector_trial.cli:run"],
    },
    classifiers=[
        "Programming Language :: Python :: 3",
        "Topic :: System :: Systems Administration",
        "Typing :: Typed",
    ],
)
