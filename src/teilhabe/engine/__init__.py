"""Pure domain logic: no Django imports."""
