def test_help_lists_registered_commands(chat):
    reply = chat.say("/帮助")
    assert "/客户" in reply and "/待办" in reply
