"""Can an analyst and a paper name forces and collaborations the way people write them?

The good fixture (tests/data/loader/good) has three forces (Leicestershire "Leics; LLR" and
Nottinghamshire "Notts" with panels; Northamptonshire "Northants" without) and three collaborations.
"""
from __future__ import annotations

import pytest

from collab_analysis import forces
from collab_analysis.errors import ParameterError


@pytest.mark.parametrize(("text", "force_id"), [("Notts", "nottinghamshire"), ("notts", "nottinghamshire"),
                                                ("LLR", "leicestershire"), ("Leicestershire Police", "leicestershire"),
                                                ("northamptonshire", "northamptonshire")])
def test_resolve_force(good, text, force_id):
    assert forces.resolve_force(good, text) == force_id
    assert good.resolve_force(text) == force_id  # Tables delegates


def test_unknown_force_suggests_the_closest(good):
    with pytest.raises(ParameterError) as caught:
        forces.resolve_force(good, "Nottingham")
    assert caught.value.suggestion == "nottinghamshire"
    assert caught.value.choices == ["leicestershire", "northamptonshire", "nottinghamshire"]


@pytest.mark.parametrize(("text", "collab_id"), [("EMSOU", "emsou"), ("emopss", "emopss"),
                                                 ("East Midlands Operational Support Service", "emopss"),
                                                 ("EMSOU Major Crime", "emsou-mc")])
def test_resolve_collab(good, text, collab_id):
    assert forces.resolve_collab(good, text) == collab_id


def test_names(good):
    assert forces.force_name(good, "Notts") == "Nottinghamshire Police"
    assert forces.collab_name(good, "emsou") == "EMSOU"
    assert forces.collab_name(good, "emsou-mc") == "EMSOU Major Crime"  # no short name: its name
    assert forces.collab_full_name(good, "EMOpSS") == "East Midlands Operational Support Service"
    assert forces.region_of(good, "Leics") == "east-midlands"


def test_panels_are_the_forces_with_a_panel_name(good):
    assert forces.panels(good) == [
        ("leicestershire", "Leicestershire and Rutland Police and Crime Panel", "east-midlands"),
        ("nottinghamshire", "Nottinghamshire Police and Crime Panel", "east-midlands")]


def test_region_forces(good):
    assert forces.region_forces(good, "east-midlands") == ["leicestershire", "nottinghamshire", "northamptonshire"]
    assert forces.region_forces(good, "wales") == []
    with pytest.raises(ParameterError) as caught:
        forces.region_forces(good, "east-midland")
    assert caught.value.suggestion == "east-midlands"


def test_lookups_follow_a_replaced_forces_table(good):
    frame = good.forces.copy()
    frame.loc[1, "aliases"] = "Notts;Robin Hood"
    twin = good.replace(forces=frame)
    assert forces.resolve_force(twin, "Robin Hood") == "nottinghamshire"
    with pytest.raises(ParameterError):
        forces.resolve_force(good, "Robin Hood")
