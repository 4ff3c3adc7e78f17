"""The default matter categories (事项分类), two levels, used to seed a new installation.

Codes are stable: the dispatch catalogue, duty lists and Open311 service codes refer to them.
"""

from __future__ import annotations

DEFAULT_CATEGORIES: list[tuple[str, str, str, str]] = [
    # (code, name, parent code, keywords)
    ("urban", "城乡建设", "", ""),
    ("urban.housing", "住房与物业", "urban", "物业 小区 电梯 房屋 漏水 维修基金 业委会"),
    ("urban.construction", "建筑施工", "urban", "工地 施工 夜间施工 扬尘 渣土"),
    ("urban.roads", "市政道路设施", "urban", "路灯 井盖 道路 破损 积水 排水"),
    ("urban.sanitation", "市容环卫", "urban", "垃圾 环卫 占道 乱摆卖 广告 公厕"),
    ("urban.illegal_building", "违法建设", "urban", "违建 违章 搭建 加建"),
    ("env", "生态环境", "", ""),
    ("env.noise", "噪声污染", "env", "噪音 噪声 广场舞 装修"),
    ("env.air", "大气污染", "env", "油烟 废气 烟尘 异味 焚烧"),
    ("env.water", "水污染", "env", "排污 污水 河道 黑臭"),
    ("transport", "交通运输", "", ""),
    ("transport.bus", "公交出行", "transport", "公交 站点 班次 线路"),
    ("transport.taxi", "出租车与网约车", "transport", "出租车 网约车 拒载 绕路"),
    ("transport.parking", "停车管理", "transport", "停车 车位 乱停"),
    ("education", "教育", "", ""),
    ("education.school", "入学与学校管理", "education", "入学 学位 学校 学费 校车"),
    ("education.training", "校外培训", "education", "培训机构 补习 退费"),
    ("labour", "劳动和社会保障", "", ""),
    ("labour.wages", "欠薪", "labour", "欠薪 工资 拖欠 农民工"),
    ("labour.insurance", "社会保险", "labour", "社保 医保 养老保险 参保"),
    ("labour.new_employment", "新就业群体权益", "labour", "外卖 快递 骑手 网约车司机 驿站"),
    ("health", "卫生健康", "", ""),
    ("health.medical", "医疗服务", "health", "医院 看病 医生 挂号"),
    ("health.public", "公共卫生", "health", "疫苗 病媒 蚊虫 老鼠"),
    ("market", "市场监管", "", ""),
    ("market.food", "食品安全", "market", "食品 餐馆 过期 卫生"),
    ("market.consumer", "消费维权", "market", "消费 退款 价格 假货 预付卡"),
    ("safety", "公共安全", "", ""),
    ("safety.fire", "消防安全", "safety", "消防 通道 电动车 充电"),
    ("safety.order", "社会治安", "safety", "治安 诈骗 盗窃 打架"),
    ("civil", "民政与社会服务", "", ""),
    ("civil.elderly", "养老服务", "civil", "老人 养老 高龄 助餐"),
    ("civil.assistance", "社会救助", "civil", "低保 救助 困难 残疾"),
    ("civil.community", "社区服务", "civil", "社区 居委会 村委会 证明 办事"),
    ("rural", "农业农村", "", ""),
    ("rural.land", "土地与宅基地", "rural", "宅基地 土地 承包 征地"),
    ("rural.village_affairs", "村务管理", "rural", "村务 公开 集体 选举"),
    ("other", "其他", "", ""),
]
