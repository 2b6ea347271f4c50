"""What one member (Wei) writes in the "forget means forget" tests, and the pieces of it that
must not be found in any table or cache afterwards."""

TITLE = "熊猫问题"
BODY = "每个中国人都有大熊猫吗？"
ANSWER = "当然不是！动物园里才有。"
BEFORE_EDIT = "我喜欢喝茶。"
AFTER_EDIT = "我喜欢喝咖啡。"
INTRO = "我养了一只猫。加我微信：wei_panda88"
NEEDLES = ("熊猫问题", "大熊猫", "动物园", "喝茶", "喝咖啡", "wei_panda88")
