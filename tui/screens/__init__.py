"""The reviewer UI's screens: case picker, case, item, letter, help, and the action dialogs."""
