"""The weak channels of three mass states (nubrems.flavour.channels)."""

from collections import Counter

import pytest

from nubrems.core.processes import PROCESSES
from nubrems.flavour import channels


def test_one_state_gives_exactly_the_one_flavour_processes():
    chans = channels.weak_channels(1)
    assert [c.one_flavour_process for c in chans] == ["nunu", "nunubar"]
    assert {c.one_flavour_process for c in chans} == set(PROCESSES)
    assert [c.symmetry_factor for c in chans] == [0.5, 1.0]


def test_three_states_counts():
    chans = channels.weak_channels(3)
    counts = Counter((c.relic_is_antineutrino, c.contraction) for c in chans)
    # relic neutrinos: 3 identical-particle channels, 6 t-only; antineutrinos: 3 s+t,
    # 6 annihilations into another state (s only), 6 t-only
    assert counts == {(False, "t+u"): 3, (False, "t"): 6, (True, "s+t"): 3, (True, "s"): 6, (True, "t"): 6}
    assert len(set(chans)) == len(chans) == 24


def test_channel_rules():
    for c in channels.weak_channels(3):
        if c.contraction == "s":                  # annihilation: nu_i nubar_i -> nu_k nubar_k, k != i
            assert c.relic_is_antineutrino and c.relic == c.solar and c.final[0] == c.final[1] != c.solar
        elif c.contraction == "t":                # elastic, distinct states, no symmetry factor
            assert c.relic != c.solar and c.final == (c.solar, c.relic) and c.symmetry_factor == 1.0
        else:                                     # the one-flavour processes, same state throughout
            assert c.solar == c.relic and c.final == (c.solar, c.solar)
    assert channels.weak_channels(3)[1].label == "ν1 ν2 → ν1 ν2"


@pytest.mark.parametrize("bad", [0, 4, 1.0, True, "3"])
def test_bad_state_counts_are_refused(bad):
    with pytest.raises(ValueError, match="n_states must be 1, 2 or 3"):
        channels.weak_channels(bad)
