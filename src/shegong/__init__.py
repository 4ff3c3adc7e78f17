"""shegong (社工): the work platform of a Party committee's Social Work Department."""
