"""Operations: the commands an operator schedules that span several areas (nightly events)."""
