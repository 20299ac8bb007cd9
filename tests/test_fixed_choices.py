"""FixedChoiceBlock: a ChoiceBlock whose choices are listed once, for the editor and migrations
the same as Wagtail's own."""

import pytest
from django.core.exceptions import ValidationError
from wagtail import blocks

from blog.blocks import BookingCTABlock, FixedChoiceBlock, HeadingBlock

CHOICES = [("h2", "Section"), ("h3", "Subsection")]


@pytest.mark.parametrize("default", [None, "h2"])
def test_it_offers_what_a_choice_block_offers(default):
    fixed = FixedChoiceBlock(choices=CHOICES, default=default)
    stock = blocks.ChoiceBlock(choices=CHOICES, default=default)

    assert fixed.field.choices == list(stock.field.choices)  # the blank choice too, if any
    assert fixed.deconstruct() == stock.deconstruct()  # migrations see no difference
    assert fixed.clean("h3") == stock.clean("h3") == "h3"
    with pytest.raises(ValidationError):
        fixed.clean("h9")


def test_the_choices_are_a_list_read_once():
    # A callable (Wagtail's default) is read and normalised again at every value checked.
    assert isinstance(HeadingBlock().child_blocks["level"].field.choices, list)
    assert isinstance(BookingCTABlock().child_blocks["service"].field.choices, list)
