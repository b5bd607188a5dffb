"""The Pulumi surfaces, one file each as pulumi-aws keeps them: ``FreeTrialInfo``,
``get_free_trial_info(_output)`` and ``GatedEnabler``."""
