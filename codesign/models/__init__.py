from .designs import (
    Comment,
    CredentialType,
    Design,
    DesignRevision,
    DesignSection,
    DesignStatus,
)
from .needs import (
    Delivery,
    NeedStatus,
    Offer,
    OfferStatus,
    SkillNeed,
    Urgency,
    Visibility,
)
from .workspaces import (
    Activity,
    ActivityKind,
    Workspace,
    WorkspaceFile,
    WorkspaceInvitation,
    WorkspaceMember,
    WorkspaceRole,
)

__all__ = [
    "Activity",
    "ActivityKind",
    "Comment",
    "CredentialType",
    "Delivery",
    "Design",
    "DesignRevision",
    "DesignSection",
    "DesignStatus",
    "NeedStatus",
    "Offer",
    "OfferStatus",
    "SkillNeed",
    "Urgency",
    "Visibility",
    "Workspace",
    "WorkspaceFile",
    "WorkspaceInvitation",
    "WorkspaceMember",
    "WorkspaceRole",
]
