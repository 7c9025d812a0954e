"""A paper: its facts, the words and charts that show them, section by section."""
from .blocks import *  # noqa: F401,F403
from .blocks import (changes, contributions, cost_shares, introduction, membership, questions,  # noqa: F401
                     regional_contributions, regional_introduction, regional_matrix, regional_savings,
                     savings, sources, summary, timeline, trend)
