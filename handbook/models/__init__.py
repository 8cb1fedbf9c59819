from .countries import AdoptionStage, CountryIndexPage, CountryProfilePage
from .glossary import GlossaryPage, GlossaryTerm
from .pages import ChapterPage, HandbookIndexPage, SectionPage

__all__ = [
    "AdoptionStage",
    "ChapterPage",
    "CountryIndexPage",
    "CountryProfilePage",
    "GlossaryPage",
    "GlossaryTerm",
    "HandbookIndexPage",
    "SectionPage",
]
