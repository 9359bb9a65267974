from teilhabe.engine.sorting import natural_key


def test_numbers_in_names_sort_as_numbers() -> None:
    names = ["Kontakt 10", "Kontakt 2", "Kontakt 11", "Kontakt 1"]
    assert sorted(names, key=natural_key) == ["Kontakt 1", "Kontakt 2", "Kontakt 10", "Kontakt 11"]


def test_case_and_umlauts_do_not_push_a_name_to_the_end() -> None:
    names = ["Zeven", "Ärztehaus", "arbeitskreis", "Bothel"]
    assert sorted(names, key=natural_key) == ["arbeitskreis", "Ärztehaus", "Bothel", "Zeven"]


def test_a_name_starting_with_a_number_compares_with_a_word() -> None:
    assert sorted(["B", "10 Jahre", "2 Welten", "A"], key=natural_key) == [
        "2 Welten",
        "10 Jahre",
        "A",
        "B",
    ]
