"""Order line choices: none; order lines carry facts from the ERP only."""
