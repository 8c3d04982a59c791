"""The console's themes: the calm dark default, a dark high-contrast one and a light
high-contrast one for washed-out projectors.

The countdown has its own three colours (``$clock-normal``, ``$clock-warn``,
``$clock-overtime``): over time must never be the faintest of the three, so each
theme sets them for its background (red is dim by nature, and the default green is
dimmed a little to stay under it). Colour is never the only sign of a level: the
clock also changes shape (see ``widgets.bigclock``).
"""

from __future__ import annotations

from textual.theme import Theme

CLOCK_VARIABLES = ("clock-normal", "clock-warn", "clock-overtime")  # i18n: not text (CSS)

DEFAULT_THEME = Theme(
    name="alfacil",
    primary="#5FA8D3",
    secondary="#8FB8A8",
    accent="#7FC8F8",
    foreground="#E8E8E8",
    background="#111418",
    surface="#181C22",
    panel="#20262E",
    success="#4CC38A",
    warning="#F2B33D",
    error="#F2594B",
    dark=True,
    variables={
        "clock-normal": "#3DAE78",
        "clock-warn": "#F2B33D",
        "clock-overtime": "#FF8070",
    },
)
HIGH_CONTRAST_THEME = Theme(
    name="alfacil-high-contrast",
    primary="#FFFFFF",
    secondary="#FFFFFF",
    accent="#00FFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#00FF66",
    warning="#FFD400",
    error="#FF3B3B",
    dark=True,
    luminosity_spread=0.3,
    text_alpha=1.0,
    variables={
        "clock-normal": "#1FBF5F",
        "clock-warn": "#FFD400",
        "clock-overtime": "#FF8A8A",
    },
)
#: Black on white, for a projector that washes dark screens out: dark, saturated
#: colours for time, the darkest of them for over time.
LIGHT_CONTRAST_THEME = Theme(
    name="alfacil-light-contrast",
    primary="#003D80",
    secondary="#1A1A1A",
    accent="#003D80",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E4E4E4",
    success="#00703A",
    warning="#7A4F00",
    error="#9E0000",
    dark=False,
    luminosity_spread=0.3,
    text_alpha=1.0,
    variables={
        "clock-normal": "#00703A",
        "clock-warn": "#7A4F00",
        "clock-overtime": "#9E0000",
    },
)
ALL_THEMES = (DEFAULT_THEME, HIGH_CONTRAST_THEME, LIGHT_CONTRAST_THEME)
#: The set file's ``theme`` and ``--theme``, to the theme's registered name.
THEMES = {
    "default": DEFAULT_THEME.name,
    "high-contrast": HIGH_CONTRAST_THEME.name,
    "light-contrast": LIGHT_CONTRAST_THEME.name,
}


def clock_defaults(theme: Theme) -> dict[str, str]:
    """The clock's colours for a theme that does not set them (Textual's own, from
    the palette): its success, warning and error."""
    return {
        "clock-normal": theme.success or "green",  # i18n: not text (CSS colour)
        "clock-warn": theme.warning or "yellow",  # i18n: not text (CSS colour)
        "clock-overtime": theme.error or "red",  # i18n: not text (CSS colour)
    }
