"""The tenancy mixins and scopes, where the models' users look for them (see tracker.tenancy)."""

from tracker.tenancy import (  # noqa: F401
    ALL_CONGRESSES,
    PLATFORM,
    CongressOwned,
    NoCongressInScope,
    SharedWithPlatform,
    congress_in_scope,
    current_congress_id,
    enter,
    everywhere,
    install_criterion,
    leave,
    one_per_scope,
    scope,
    visible,
)
