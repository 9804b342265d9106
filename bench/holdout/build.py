"""Held-out extraction set: 24 labelled notice pages the extractor's rules were never tuned on.

    .venv/bin/python -m bench.holdout.build        # rewrites bench/holdout/pages/
    .venv/bin/python -m bench.extract --set holdout [--failures]

``tests/extraction/pages`` is what ``crawler.extract`` was developed against, so its score
says little about pages it has not seen. This set uses the same gold format and the same
conventions (tests/extraction/README.md) but new page skins (博达 VSB, newer TRS
``trs_editor_view`` with ``<section>``s, 政务公开 metadata as ``<ul><li>``/``<dl>`` lists,
Epoint, HTML5 ``<article>``/``<time>``, old county ASP tables with ``<br>`` text, WeChat,
Discuz, a personal-library repost site, a Hong Kong news site) and new invented notice
texts. Never tune the extractor on these pages: when a failure here is fixed, add a page
like it to tests/extraction and write fresh held-out pages.

Decisions this set makes where the README is silent:

- White text on a white page (``<font color=#ffffff>`` inside a body whose ``bgcolor`` is
  ``#FFFFFF``) is hidden: a reader cannot see it. Such a link farm is not body text, its
  strings are must-not strings and the page expects ``spam_removed``.
- Hidden by CSS is not by itself proof of spam: WeChat serves ``#js_content`` with
  ``visibility: hidden`` and reveals it by script, so that text is the article (gold body).
- Captions under photos in a news body are body lines; a mirror's own reposting notice
  (转载声明, 如有侵权请联系删除) and WeChat prompts (点击蓝字, 长按识别二维码) are not.
- An official page's own date counts whatever its label (时间：, 信息时间：) or with no
  label at all (``<time datetime=…>``), and with its time when it shows one.
- ``mirror_posted`` is the mirror's own date as a reader sees it, also when the page
  draws it by script (WeChat's createTime) or shows it without a label (发表于, a bare date).
- A 来源 line at the end of a repost's body gives ``source``; it is not a body line.
"""

from __future__ import annotations

import html as htmllib
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import opencc

from tests.extraction.html_parts import Block, esc, gold_lines, parse_body

PAGES_DIR = Path(__file__).parent / "pages"
S2T = opencc.OpenCC("s2tw")
S2HK = opencc.OpenCC("s2hk")


# ============================================================================ notice texts
@dataclass
class Text:
    """An invented notice in the line format of tests/extraction/notices.py
    (``# `` heading, ``@ `` centred, ``> `` signature, ``| a | b |`` table row)."""

    title: str
    agency: str
    body: str
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (title, extension)

    def blocks(self, conv: opencc.OpenCC | None = None) -> list[Block]:
        return parse_body(conv.convert(self.body) if conv else self.body)


NAMES = {  # teachers' names with characters outside GBK (4-byte GB18030)
    "zhang": "张\U0002ccf5", "chen": "陈\U0002c621", "liu": "刘\U0002b5af", "wang": "王\U0002cb5a",
}

TEXTS: dict[str, Text] = {
    "zj_qiling": Text(
        title="浙江省教育厅办公室关于进一步加强中小学校园欺凌防治工作的通知",
        agency="浙江省教育厅",
        body="""\
@ 浙教办基〔2022〕31号
各市、县（市、区）教育局：
近年来，各地各校认真落实中小学生欺凌防治有关要求，校园欺凌事件总体呈下降趋势，但个别地方仍有发生，社会影响恶劣。为进一步做好防治工作，切实保障学生身心健康，现就有关事项通知如下。
# 一、健全工作机制
各地要把欺凌防治纳入平安校园建设重要内容，建立由教育部门牵头，公安、司法、妇联、共青团等部门共同参与的协调机制。每所学校都要成立由校长负责，教师、家长代表、法治副校长等组成的学生欺凌治理委员会，明确职责分工，做到有人管、管得住。
# 二、开展全员排查
各校要在每学期开学后一个月内组织一次全覆盖排查，重点关注寄宿制学校、农村学校和留守儿童较多的学校。对排查发现的苗头性问题，班主任要及时与学生谈心谈话，并与家长沟通，建立工作台账，逐一跟踪处置。
# 三、加强教育引导
各校要将欺凌防治教育纳入道德与法治课程和班团队会活动，每学期至少开展一次专题教育。要通过案例教学、情景模拟、法治讲座等形式，帮助学生认识欺凌行为的危害，学会识别、拒绝和求助。
# 四、规范事件处置
对已经发生的欺凌事件，学校要第一时间制止，保护被欺凌学生，认真调查核实，依法依规作出处理，并在24小时内报告属地教育行政部门。对情节严重、涉嫌违法犯罪的，要及时报告公安机关。严禁瞒报、漏报、迟报。
# 五、强化督导考核
省教育厅将把欺凌防治工作纳入对各地的教育督导评估内容。对工作不力、造成严重后果的，将依规依纪追究有关单位和人员责任。
> 浙江省教育厅办公室
> 二〇二二年五月十六日
（此件主动公开）
"""),
    "fz_jiaozi": Text(
        title="福州市教育局关于2023年上半年中小学教师资格认定工作的公告",
        agency="福州市教育局",
        attachments=[("2023年上半年教师资格认定流程", "docx"), ("教师资格认定体检表", "xls")],
        body="""\
根据《教师资格条例》《〈教师资格条例〉实施办法》等有关规定，现将我市2023年上半年中小学教师资格认定工作有关事项公告如下：
# 一、认定范围
本次认定受理幼儿园、小学、初级中学教师资格申请。户籍、居住证或人事关系在福州市区（鼓楼区、台江区、仓山区、晋安区、马尾区、长乐区）的人员，以及福州市区全日制普通高校在校生，可向市教育局提出申请。
# 二、申请条件
申请人应当遵守宪法和法律，热爱教育事业，具有良好的思想品德；具备《教师法》规定的相应学历；普通话水平达到二级乙等及以上标准；取得中小学教师资格考试合格证明且在有效期内；在认定机构指定的医院体检合格。
# 三、时间安排
网上申报时间为2023年4月10日至4月21日，申请人登录中国教师资格网进行网上申报。现场确认时间为2023年4月24日至4月28日（工作日上午8:30—12:00，下午14:30—17:30）。
# 四、现场确认地点
福州市行政服务中心三楼教育局窗口（鼓楼区乌山西路318号）。
# 五、其他事项
申请人须对所提交材料的真实性负责。凡弄虚作假、骗取教师资格的，一经查实，依法撤销其教师资格，五年内不得重新申请认定。咨询电话：0591-83361234。
附件：1.2023年上半年教师资格认定流程
2.教师资格认定体检表
> 福州市教育局
> 2023年3月28日
"""),
    "sc_zizhu": Text(
        title="四川省教育厅关于做好2023年秋季学期家庭经济困难学生资助工作的通知",
        agency="四川省教育厅",
        attachments=[("2023年秋季学期学生资助工作任务分解表", "xlsx")],
        body="""\
@ 川教函〔2023〕312号
各市（州）教育行政部门，厅直属有关单位：
为深入贯彻落实国家学生资助政策，确保家庭经济困难学生应助尽助，现就做好2023年秋季学期学生资助工作通知如下。
# 一、精准认定资助对象
各地各校要严格按照家庭经济困难学生认定办法，结合学生家庭经济状况、消费水平和突发情况等因素综合认定。脱贫家庭学生、最低生活保障家庭学生、特困供养学生、孤残学生、烈士子女等特殊困难群体要优先纳入资助范围。
# 二、及时足额发放资金
学前教育幼儿资助、义务教育阶段寄宿生生活费补助、普通高中国家助学金、中等职业学校国家助学金等资金，原则上应于学期开学后两个月内发放到位。要通过社会保障卡或学生本人银行卡发放，严禁以现金形式发放，严禁截留、挤占、挪用。
# 三、做好生源地信用助学贷款
各县（市、区）学生资助管理机构要主动对接经办银行，开设绿色通道，延长受理时间，为新生办理生源地信用助学贷款提供便利。对符合条件的学生，做到应贷尽贷。
# 四、加强资助育人
各校要将资助工作与立德树人紧密结合，广泛开展诚信教育、感恩教育和励志教育，引导受助学生自立自强、回报社会。
请各地于2023年10月31日前将资助工作开展情况报送省学生资助管理中心。
附件：2023年秋季学期学生资助工作任务分解表
> 四川省教育厅
> 2023年8月15日
"""),
    "cs_ruxue": Text(
        title="长沙市教育局关于做好2023年义务教育阶段学校招生入学工作的通知",
        agency="长沙市教育局",
        body="""\
各区县（市）教育局，各直属学校：
为进一步规范义务教育阶段学校招生入学工作，保障适龄儿童少年平等接受义务教育的权利，根据有关法律法规和省教育厅工作部署，结合我市实际，现就有关事项通知如下。
# 一、坚持免试就近入学
公办义务教育学校实行划片招生、免试就近入学，不得以任何形式的考试、测试、面谈等方式选拔学生。各区县（市）教育局要科学划定每所公办学校的服务片区，并于5月15日前向社会公布。
# 二、同步招生民办学校
民办义务教育学校纳入审批地统一管理，与公办学校同步招生。报名人数超过招生计划的，实行电脑随机录取。民办学校不得提前招生，不得以各类竞赛证书、考级证明等作为招生依据。
# 三、保障特殊群体入学
进城务工人员随迁子女入学以居住证为主要依据，由居住地教育局统筹安排到公办学校或政府购买学位的民办学校就读。适龄残疾儿童少年按照“一人一案”原则妥善安置。
# 四、时间安排
| 阶段 | 时间 | 内容 |
| 信息登记 | 6月1日至6月10日 | 家长通过长沙市义务教育入学服务平台登记 |
| 资格审核 | 6月11日至6月25日 | 各学校审核登记材料 |
| 录取公示 | 7月10日前 | 公布录取结果 |
# 五、严肃招生纪律
各地各校要严格执行招生政策，严禁违规跨区域招生、严禁提前组织招生。对违反规定的学校，依法依规严肃处理并追究相关人员责任。
> 长沙市教育局
> 2023年4月18日
"""),
    "hb_shitang": Text(
        title="河北省教育厅关于加强学校食堂食品安全管理工作的通知",
        agency="河北省教育厅",
        body="""\
各市（含定州、辛集市）教育局，雄安新区公共服务局，各高等学校：
学校食品安全事关广大师生身体健康和生命安全。为进一步加强学校食堂管理，严防食品安全事故发生，现就有关工作通知如下：
一、落实校长（园长）负责制。学校主要负责人是食品安全第一责任人，要建立集中用餐陪餐制度，每餐均应有学校相关负责人与学生共同用餐，做好陪餐记录。
二、严格原料采购查验。学校食堂要建立食品、食品添加剂和食品相关产品进货查验记录制度，如实记录名称、规格、数量、生产日期、供货者名称及联系方式等内容，留存相关凭证，保存期限不得少于产品保质期满后六个月。
三、规范加工制作过程。食堂从业人员每年须进行健康检查，取得健康证明后方可上岗。加工制作过程中要做到生熟分开，每餐次的食品成品须留样，每个品种留样量不少于125克，在冷藏条件下存放48小时以上。
四、加强校外供餐管理。实行校外供餐的学校，要选择取得食品经营许可、能承担食品安全责任、社会信誉良好的供餐单位，并对配送的食品进行查验。
五、开展专项检查。各地要在4月底前对辖区内学校食堂开展一次全面检查，对发现的问题建立台账、限期整改。检查情况于5月10日前报省教育厅体育卫生艺术教育处。
> 河北省教育厅
> 2023年3月8日
"""),
    "ba_kejijie": Text(
        title="宝安区举办第十届中小学生科技节",
        agency="深圳市宝安区教育局",
        body="""\
5月20日，宝安区第十届中小学生科技节在区青少年活动中心开幕。本届科技节以“探索科学奥秘，点亮创新梦想”为主题，全区86所中小学的3000余名学生参加了开幕式和现场展示活动。
开幕式上，区教育局相关负责人为获得2022年度全国青少年科技创新大赛奖项的学生颁发了荣誉证书，并为新认定的12所区级科技教育特色学校授牌。
学生们在现场展示自制的水火箭
本届科技节共设置机器人竞赛、创意编程、航空航天模型、科学影像等8个项目，赛事将持续至6月中旬。活动期间，区青少年活动中心还将开放人工智能体验馆和天文观测台，面向全区中小学生免费预约参观。
机器人竞赛项目现场
据了解，近年来宝安区持续加大科技教育投入，全区已建成中小学创客实验室120余间，组建学生科技社团400多个，学生在各级各类科技竞赛中屡获佳绩。
"""),
    "dg_shiyan": Text(
        title="关于公布2023年度中小学实验教学优秀案例评选结果的通知",
        agency="东莞市教育局",
        attachments=[("2023年度中小学实验教学优秀案例获奖名单", "docx"), ("一等奖案例展示安排表", "xlsx")],
        body="""\
各园区、镇（街道）教育管理中心，市直属各学校：
根据《关于开展2023年度中小学实验教学优秀案例征集评选活动的通知》要求，经学校推荐、专家评审和网上公示，共评选出一等奖案例30个、二等奖案例58个、三等奖案例87个，现予公布（名单见附件）。
希望获奖教师珍惜荣誉，继续深化实验教学改革，发挥示范引领作用。各学校要加强实验教学研究，推广优秀案例经验，切实提高学生的动手实践能力和创新精神。
附件：1.2023年度中小学实验教学优秀案例获奖名单
2.一等奖案例展示安排表
> 东莞市教育局
> 2023年6月12日
"""),
    "yx_fangxun": Text(
        title="关于切实做好汛期学校安全工作的紧急通知",
        agency="岳西县教育体育局",
        body="""\
各中小学校、幼儿园：
据县气象局预报，6月中旬以来我县进入主汛期，近期将有持续强降雨过程，局地可能出现暴雨或大暴雨，极易引发山洪、泥石流、山体滑坡等地质灾害。为确保师生生命财产安全，现就做好汛期学校安全工作紧急通知如下：
一、立即开展隐患排查。各校要对校舍、围墙、挡土墙、排水设施及周边山体进行全面排查，对发现的隐患要立即整改；一时无法整改的，要设置警示标志，划定警戒区域，严禁师生进入。
二、加强防溺水教育。各校要利用班会、国旗下讲话、致家长一封信等形式，反复开展防溺水安全教育，做到“六不”要求家喻户晓。放学前要再次提醒学生不得私自下河、下塘游泳。
三、做好应急准备。各校要修订完善防汛应急预案，储备必要的救生器材和应急物资。遇到暴雨红色预警时，要果断采取停课措施，并及时通知到每一位家长。
四、严格值班值守。汛期实行24小时值班和领导带班制度，值班人员要保持通讯畅通。遇有险情，要第一时间处置并向县教育体育局报告。值班电话：0556-8161234。
> 岳西县教育体育局
> 2023年6月15日
"""),
    "hn_yingyang": Text(
        title="关于做好2023年秋季学期农村义务教育学生营养改善计划实施工作的通知",
        agency="会宁县教育局",
        body="""\
各学区、县直各学校：
为进一步做好农村义务教育学生营养改善计划实施工作，提高学生营养健康水平，现将有关事项通知如下：
一、落实补助标准。按照每生每天5元的标准为农村义务教育阶段学生提供营养膳食补助，全年按照在校时间200天计算，补助资金全部用于为学生提供食品，不得以现金形式直接发放给学生和家长。
二、规范供餐模式。各学校要以学校食堂供餐为主，确保每天为学生提供一顿营养午餐。暂不具备食堂供餐条件的学校，可采取课间加餐方式，但加餐食品必须保证安全、营养均衡。
三、加强资金管理。营养改善计划资金实行专户管理、专账核算，学校要定期公示食品采购、学生用餐情况，主动接受师生、家长和社会监督。
四、做好实名制管理。各学校要在开学后两周内完成受益学生信息的更新和核对工作，确保数据真实准确，杜绝虚报冒领。
> 会宁县教育局
> 2023年8月28日
"""),
    "yn_xuefen": Text(
        title="云南省教育厅关于印发《云南省中小学教师继续教育学分管理办法》的通知",
        agency="云南省教育厅",
        body="""\
@ 滇教师〔2022〕9号
各州（市）教育体育局，各有关高等学校：
为进一步规范全省中小学教师继续教育学分管理，推进教师专业发展，我厅研究制定了《云南省中小学教师继续教育学分管理办法》，现印发给你们，请认真贯彻执行。执行中如有问题，请及时反馈省教育厅教师工作与师范教育处（联系人：王\U0002cb5a，联系电话：0871-65141234）。
> 云南省教育厅
> 二〇二二年八月三日
@ 云南省中小学教师继续教育学分管理办法
# 第一章 总则
第一条 为规范中小学教师继续教育学分管理，建立教师培训激励约束机制，根据《中华人民共和国教师法》和教育部有关文件精神，结合我省实际，制定本办法。
第二条 本办法适用于全省各级各类中小学（含中等职业学校、特殊教育学校）和幼儿园在职在岗教师。
第三条 教师每五年为一个继续教育周期，每个周期须修满不少于360学分，其中师德师风学习不少于36学分。
# 第二章 学分认定
第四条 教师参加各级教育行政部门组织的集中培训，每学时计1学分；参加网络研修，每2学时计1学分。
第五条 教师参加校本研修，由学校按照每学年不超过24学分予以认定，并报县级教师培训机构备案。
# 第三章 附则
第六条 本办法自印发之日起施行，由省教育厅负责解释。
"""),
    "wh_zhaopin": Text(
        title="2023年武汉市中小学教师公开招聘拟聘用人员名单（第二批）公示",
        agency="武汉市教育局",
        attachments=[("拟聘用人员名单（第二批）", "xlsx")],
        body="""\
现将2023年武汉市中小学教师公开招聘拟聘用人员名单（第二批）予以公示，公示期为7个工作日，详见附件。
附件：拟聘用人员名单（第二批）
"""),
    "hb_yanxue": Text(
        title="湖北省教育厅关于公布2023年度省级中小学生研学实践教育基地名单的通知",
        agency="湖北省教育厅",
        attachments=[("2023年度省级中小学生研学实践教育基地名单", "pdf")],
        body="""\
详见附件。
"""),
    "hf_anquan": Text(
        title="关于开展2023年全国中小学生安全教育日系列活动的通知",
        agency="合肥市教育局",
        body="""\
各县（市）区教育体育局，市直属各学校：
今年3月27日是第28个全国中小学生安全教育日。为进一步增强学生的安全意识和自我保护能力，经研究，决定在全市中小学、幼儿园开展安全教育日系列活动。现将有关事项通知如下：
# 一、活动时间
2023年3月20日至4月7日。
# 二、活动内容
（一）上好一堂安全教育课。各校要在安全教育日当周组织开展专题安全教育课，重点围绕防溺水、交通安全、消防安全、防范电信网络诈骗等内容，结合典型案例开展教育。
（二）开展一次应急疏散演练。各校要组织全体师生开展一次应急疏散演练，确保每名学生熟悉疏散路线和避险方法。
（三）组织一次隐患排查。各校要对校园消防设施、用电安全、实验室危化品管理等进行全面排查，建立问题清单，限期整改到位。
# 三、工作要求
各地各校要高度重视，精心组织，注重实效，严禁搞形式、走过场。活动结束后，请于4月10日前将活动总结（含图片2至3张）报送市教育局安全稳定处，邮箱：hfjyaq@163.com。
> 合肥市教育局
> 2023年3月15日
"""),
    "yz_jindu": Text(
        title="关于组织参加2023年全国青少年禁毒知识竞赛的通知",
        agency="榆中县教育局",
        body="""\
各乡镇中心学校，县直各中小学：
为深入推进青少年毒品预防教育，提高广大学生识毒、防毒、拒毒能力，根据市禁毒委员会办公室和市教育局工作安排，决定组织全县中小学生参加2023年全国青少年禁毒知识竞赛。现将有关事项通知如下：
一、参赛对象
全县小学四年级至高中三年级在校学生。
二、竞赛时间
2023年9月1日至11月30日。
三、参赛方式
学生登录全国青少年毒品预防教育数字化平台，通过“禁毒知识竞赛”栏目在线答题。每名学生可参与三次，以最高得分计入成绩。
四、工作要求
各学校要高度重视，把竞赛活动与法治教育、开学第一课等结合起来，确保参赛率达到100%。县教育局将对各校参赛情况进行通报。
联系人：王老师，电话：0931-5421234。
> 榆中县教育局
> 2023年9月5日
"""),
    "kq_kaixue": Text(
        title="关于做好2023年秋季学期开学工作的通知",
        agency="绍兴市柯桥区教育体育局",
        body="""\
各镇（街道）中心学校，区直属各学校、幼儿园：
2023年秋季学期即将开学。为切实做好开学各项工作，确保学校教育教学秩序平稳有序，现就有关事项通知如下：
# 一、时间安排
全区中小学（幼儿园）教职工于8月28日报到，学生于8月30日报到，8月31日正式上课。
# 二、全面开展安全检查
开学前，各校要对校舍、消防设施、食堂、饮用水、校车等开展一次全面安全检查，重点排查暑期维修改造工程的收尾和验收情况，确保开学时不留安全隐患。
# 三、精心上好开学第一课
各校要结合学校实际，围绕爱国主义教育、安全教育、心理健康教育等主题上好开学第一课，帮助学生尽快收心，调整状态，以良好的精神面貌投入新学期学习生活。
# 四、落实“双减”工作要求
各校要严格执行国家课程方案，开齐开足上好各门课程；合理控制书面作业总量；持续提升课后服务质量，满足学生多样化需求。
# 五、加强值班值守
开学期间，各校要严格落实24小时值班和领导带班制度，遇有突发情况要及时妥善处置并第一时间上报。
> 绍兴市柯桥区教育体育局
> 2023年8月22日
"""),
    "zh_yishu": Text(
        title="关于举办2023年粤港澳大湾区青少年艺术展演活动的通知",
        agency="珠海市教育局",
        body="""\
各区教育局，市直属各学校：
为深化粤港澳大湾区教育交流合作，展示三地青少年艺术风采，市教育局决定联合港澳有关教育团体举办2023年粤港澳大湾区青少年艺术展演活动。现将有关事项通知如下：
一、展演主题
湾区同心，艺术筑梦。
二、参加对象
全市中小学在校学生，以及香港、澳门地区受邀学校的学生。
三、展演项目
展演设声乐、器乐、舞蹈、戏剧四个类别，以学校为单位组队报名，每校每个类别限报一个节目，节目时长不超过8分钟。
四、时间安排
各校于6月20日前报送参演节目视频，7月上旬组织专家评审，7月下旬在珠海大剧院举行优秀节目集中展演。
五、其他事项
参演节目内容须积极健康，符合学生年龄特点。联系人：陈老师，联系电话：0756-2121234。
> 珠海市教育局
> 2023年5月29日
"""),
    "gy_biaozhang": Text(
        title="关于表彰2023年度贵阳市优秀教师和优秀班主任的决定",
        agency="贵阳市教育局",
        body=f"""\
各区（市、县）教育局，市属各学校：
一年来，全市广大教师坚守育人初心，潜心教书育人，涌现出一批师德高尚、业务精湛的优秀教师和班主任。为弘扬尊师重教的良好风尚，经各单位推荐、市级评审和社会公示，市教育局决定授予{NAMES["zhang"]}等4名同志“贵阳市优秀教师”称号，授予{NAMES["wang"]}等2名同志“贵阳市优秀班主任”称号。
| 称号 | 姓名 | 工作单位 |
| 优秀教师 | {NAMES["zhang"]} | 贵阳市第一中学 |
| 优秀教师 | {NAMES["chen"]} | 南明区甲秀小学 |
| 优秀教师 | {NAMES["liu"]} | 云岩区第十四中学 |
| 优秀教师 | 赵丽华 | 花溪区第二小学 |
| 优秀班主任 | {NAMES["wang"]} | 观山湖区第一中学 |
| 优秀班主任 | 罗文静 | 乌当区新天学校 |
希望受表彰的同志珍惜荣誉，再接再厉，在新的起点上取得更大成绩。全市广大教师要以先进为榜样，爱岗敬业，为办好人民满意的教育作出新的贡献。
> 贵阳市教育局
> 2023年9月7日
"""),
    "nj_tiyu": Text(
        title="关于2024年初中学业水平考试体育与健康考试有关事项的通知",
        agency="南京市教育局",
        body="""\
各区教育局，江北新区教育和社会保障局，各直属学校：
根据《南京市初中学业水平考试体育与健康考试实施办法》，现将2024年体育与健康考试有关事项通知如下：
# 一、考试对象
2024年参加我市初中学业水平考试的九年级学生。
# 二、考试项目和分值
体育与健康考试总分40分，由过程性考核和现场统一考试两部分组成。现场统一考试包括必考项目和选考项目：
| 类别 | 项目 | 分值 |
| 必考 | 男子1000米跑、女子800米跑 | 10分 |
| 选考一 | 50米跑、立定跳远（任选一项） | 10分 |
| 选考二 | 篮球运球、足球运球、排球垫球（任选一项） | 10分 |
# 三、考试时间
现场统一考试安排在2024年4月中旬至5月上旬进行，具体日程由各区教育局另行通知。
# 四、免考与缓考
因病或残疾不能参加现场统一考试的学生，须本人申请，提供二级以上医院证明，经学校和区教育局审核同意后，可申请免考或缓考。
> 南京市教育局
> 2023年10月8日
"""),
}

# ============================================================================ chrome pieces
SIDEBAR = [
    "关于做好2023年中小学教师职称评审工作的通知",
    "市教育局召开2023年度党风廉政建设工作会议",
    "关于开展中小学“护苗”专项行动的通知",
    "2023年普通高中学业水平合格性考试报名须知",
    "关于公布第二批市级智慧校园示范校名单的通知",
    "市教育局赴结对帮扶学校开展送教下乡活动",
    "关于征集2023年度教育科研课题的通知",
    "2022年度教育系统部门整体支出绩效自评报告",
    "关于做好冬季学校消防安全工作的通知",
    "全市中小学心理健康教育工作推进会召开",
    "关于2023年教师节表彰拟推荐对象的公示",
    "关于举办全市中小学生书法比赛的通知",
    "市教育局开展校外培训机构联合执法检查",
    "关于做好2023年高校毕业生就业服务工作的通知",
    "2023年市直学校公开招聘教师笔试成绩公告",
    "关于加强中小学生手机管理工作的提醒",
]


def side(rng: random.Random, n: int = 6, href: str = "/info/{}.htm", dates: bool = True) -> tuple[str, list[str]]:
    """<li> items of other notices (sidebar, related, prev/next); returns (html, two titles)."""
    picked = rng.sample(SIDEBAR, n)
    items = []
    for t in picked:
        d = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        date = f"<span>{d}</span>" if dates else ""
        items.append(f'<li><a href="{href.format(rng.randint(1000, 9999))}" title="{t}">{t}</a>{date}</li>')
    return "".join(items), picked[:2]


def gov_footer(site: str, prov: str, rng: random.Random, support: str = "") -> tuple[str, list[str]]:
    icp = f"{prov}ICP备{rng.randint(10000000, 99999999)}号"
    code = f"{rng.randint(3300, 6500)}{rng.randint(100000, 999999)}"
    tech = f"　技术支持：{support}" if support else ""
    return (f'<div class="foot"><p>主办：{esc(site)}　联系电话：{rng.randint(1000, 9999)}-{rng.randint(1000000, 9999999)}</p>'
            f'<p>网站标识码：{code}　<a href="https://beian.miit.gov.cn/">{icp}</a>{tech}</p></div>',
            ["网站标识码", "ICP备"])


# ============================================================================ body markup
def inline(b: Block) -> str:
    """A block's text, with its attachment link (the part after 附件：, or the whole line)."""
    if b.href:
        head, sep, tail = b.text.partition("：")
        if sep and tail:
            return f'{esc(head + sep)}<a href="{b.href}" target="_blank">{esc(tail)}</a>'
        return f'<a href="{b.href}" target="_blank">{esc(b.text)}</a>'
    return esc(b.text)


def table_html(rows: list[list[str]], upper: bool = False) -> str:
    if upper:
        trs = "".join("<TR>" + "".join(f"<TD align=middle>{esc(c)}</TD>" for c in row) + "</TR>" for row in rows)
        return f"<TABLE cellSpacing=0 cellPadding=4 width=\"90%\" align=center border=1><TBODY>{trs}</TBODY></TABLE>"
    head = "".join(f"<th>{esc(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows[1:])
    return (f'<table class="ke-zeroborder" border="1" cellspacing="0" cellpadding="6" style="width:100%;border-collapse:collapse">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def paras(blocks: list[Block], style: str) -> list[str]:
    """One fragment per block, in the markup of a CMS editor."""
    out = []
    for b in blocks:
        if b.kind == "table":
            out.append(table_html(b.rows, upper=style == "upper"))
            continue
        t = inline(b)
        if style == "vsb":  # 博达 editor: spans with 仿宋 inside indented <p>
            font = 'style="font-family:仿宋_GB2312, 仿宋;font-size:16px;"'
            if b.kind == "h":
                out.append(f'<p style="text-indent:2em;line-height:1.5em;margin-bottom:15px;"><span style="font-family:黑体, SimHei;font-size:16px;">{t}</span></p>')
            elif b.kind in ("center", "sig"):
                align = "center" if b.kind == "center" else "right"
                out.append(f'<p style="text-align:{align};line-height:1.5em;margin-bottom:15px;"><span {font}>{t}</span></p>')
            else:
                out.append(f'<p style="text-indent:2em;line-height:1.5em;margin-bottom:15px;"><span {font}>{t}</span></p>')
        elif style == "upper":  # FrontPage-era county site
            if b.kind == "h":
                out.append(f"<P style=\"TEXT-INDENT: 2em\"><FONT face=黑体 size=3>{t}</FONT></P>")
            elif b.kind in ("center", "sig"):
                out.append(f"<P align={'center' if b.kind == 'center' else 'right'}><FONT face=仿宋_GB2312 size=3>{t}</FONT></P>")
            else:
                out.append(f"<P style=\"TEXT-INDENT: 2em; LINE-HEIGHT: 150%\"><FONT face=仿宋_GB2312 size=3>{t}</FONT></P>")
        elif style == "wechat":
            if b.kind == "h":
                out.append('<section style="margin:20px 0 10px;display:flex;justify-content:flex-start;"><section style="border-left:4px solid #1e88e5;padding-left:8px;">'
                           f'<p style="margin:0;"><strong><span style="font-size:16px;color:#1e88e5;">{t}</span></strong></p></section></section>')
            elif b.kind in ("center", "sig"):
                out.append(f'<p style="text-align:{"center" if b.kind == "center" else "right"};margin:0 8px;"><span style="font-size:15px;letter-spacing:1px;">{t}</span></p>')
            else:
                out.append(f'<section style="margin:0 8px 16px;line-height:1.75em;"><p style="text-align:justify;"><span style="font-size:15px;letter-spacing:1px;color:#333;">{t}</span></p></section>')
        else:  # "plain": what a modern editor stores
            if b.kind == "h":
                out.append(f"<p><strong>{t}</strong></p>")
            elif b.kind in ("center", "sig"):
                out.append(f'<p style="text-align: {"center" if b.kind == "center" else "right"};">{t}</p>')
            else:
                out.append(f'<p style="text-indent: 2em;">{t}</p>')
    return out


def br_text(blocks: list[Block], indent: str = "　　", br: str = "<br>") -> str:
    """Body text as lines separated by <br> (old county sites, forum posts)."""
    out = []
    for b in blocks:
        if b.kind == "table":
            out.append(table_html(b.rows))
        elif b.kind == "sig":
            out.append(f'<div align="right">{inline(b)}</div>')
        elif b.kind == "h":
            out.append(f"{indent}<b>{inline(b)}</b>{br}\n")
        else:
            out.append(f"{indent}{inline(b)}{br}\n")
    return "".join(out)


# ============================================================================ spam
def spam_links(links: list[tuple[str, str]], sep: str = " ") -> str:
    return sep.join(f'<a href="{u}" target="_blank">{t}</a>' for u, t in links)


OFFSCREEN = [("http://www.ag88-vip.com/", "AG真人视讯平台"), ("http://www.sb-tiyu.cc/", "沙巴体育官方入口"),
             ("http://www.yabo-dj.net/", "亚博电竞下注平台")]
WHITE = [("http://www.yh-yl.cc/", "银河娱乐网址"), ("http://www.xhtd-88.com/", "新濠天地娱乐"),
         ("http://www.ylhg-online.net/", "永利皇宫线上"), ("http://www.dc-paiming.com/", "网上赌场排名")]
TINY_BOX = [("http://www.xgmh-zl.com/", "香港马会资料"), ("http://www.tm-kj.cc/", "特码开奖结果"),
            ("http://www.lhc-xs.net/", "六合彩心水论坛")]
FRIEND_LINKS = [("http://www.yongli-casino.cc/", "澳门永利娱乐场"), ("http://www.js-vip.net/", "金沙娱乐官网"),
                ("http://www.hg-zqbf.com/", "皇冠足球比分网")]
VISIBLE_AD = "代开各类发票、办理毕业证学位证、刻制公章，专业快速，微信：bz88668"


# ============================================================================ pages
@dataclass
class HPage:
    slug: str
    category: str  # what this page tests (for the page list)
    url: str
    title: str
    html: str
    codec: str
    note: str
    blocks: list[Block]
    published: str | None
    kind: str = "official"
    mirror_posted: str | None = None
    source: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    index_number: str | None = None
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (link text, href as written)
    must_not: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def links_for(text: Text, hrefs: list[str]) -> list[tuple[str, str]]:
    return [(f"{t}.{ext}", h) for (t, ext), h in zip(text.attachments, hrefs, strict=True)]


def link_body(blocks: list[Block], title: str, href: str) -> None:
    """Make the body line ending in ``title`` (the notice's own 附件 line) the link."""
    for b in blocks:
        if b.kind == "p" and b.text.endswith(title):
            b.href = href
            return
    raise ValueError(f"no body line for {title}")


# ---------------------------------------------------------------- 01 博达 VSB official
def vsb_page(*, title, blocks, site, column, prov, meta_line, atts, rng, news_id, owner, charset="UTF-8") -> tuple[str, list[str]]:
    side_html, _ = side(rng, href="../../info/1034/{}.htm")
    _, (prev_t, next_t) = side(rng)
    foot, f_must = gov_footer(site, prov, rng, support="博达软件")
    att_html = ""
    if atts:
        lis = "".join(
            f'<li>附件【<a href="{h}" target="_blank">{esc(t)}</a>】已下载<span id="nattach{h.rsplit("=", 1)[-1]}">'
            f'<script language="javascript">getClickTimes({h.rsplit("=", 1)[-1]},{owner},"wbnewsfile","attach")</script></span>次</li>'
            for t, h in atts)
        att_html = f'<ul style="list-style-type:none;">{lis}</ul>'
    body = "\n".join(paras(blocks, "vsb"))
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<HTML><HEAD><TITLE>{esc(title)}-{esc(site)}</TITLE><META Name="keywords" Content="{esc(site)},{esc(title)}" />
<META Name="description" Content="{esc("".join(gold_lines(blocks))[:60])}" />

<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<link rel="stylesheet" type="text/css" href="../../style/style.css">
<!--Announced by Visual SiteBuilder 9-->
<link rel="stylesheet" type="text/css" href="../../_sitegray/_sitegray_d.css" />
<script language="javascript" src="../../_sitegray/_sitegray.js"></script>
<!-- CustomerNO:77656262657232307b78475c5357544a0003000{rng.randint(100000, 999999)} -->
<link rel="stylesheet" type="text/css" href="../../content.vsb.css" />
<script type="text/javascript" src="/system/resource/js/vsbscreen.min.js" id="_vsbscreen" devices="pc|pad"></script>
<script type="text/javascript" src="/system/resource/js/counter.js"></script>
<script type="text/javascript">_jsq_({news_id % 10000},'/content.jsp',{news_id},{owner})</script>
</HEAD>
<BODY class="listbg">
<div class="top"><div class="w1200"><div class="logo"><img src="../../images/logo.png"></div>
<div class="ss"><script type="text/javascript">function _nl_ys_check(){{var keyword = document.getElementById('showkeycode{rng.randint(100000, 999999)}').value;return true;}}</script>
<form action="../../ssjg.jsp?wbtreeid=1001" method="post" name="a{rng.randint(100000, 999999)}a" onsubmit="return _nl_ys_check()" style="display: inline">
<input type="text" name="showkeycode" class="ss_text" placeholder="请输入关键字"><input type="submit" value="" class="ss_btn"></form></div></div></div>
<div class="nav"><ul><li><a href="../../index.htm">网站首页</a></li><li><a href="../../jgsz.htm">机构设置</a></li><li><a href="../../zwgk.htm">政务公开</a></li><li><a href="../../tzgg.htm">{esc(column)}</a></li><li><a href="../../bszn.htm">办事指南</a></li><li><a href="../../hdjl.htm">互动交流</a></li></ul></div>
<div class="w1200 main">
<div class="main_left"><div class="lm_name">{esc(column)}</div><ul class="lm_list">{side_html}</ul></div>
<div class="main_right">
<div class="dqwz">当前位置: <a href="../../index.htm">首页</a> &gt;&gt; <a href="../../tzgg.htm">{esc(column)}</a> &gt;&gt; 正文</div>
<div class="content">
<script language="javascript" src="/system/resource/js/dynclicks.js"></script><script language="javascript" src="/system/resource/js/openlink.js"></script>
<form name="_newscontent_fromname">
<div class="content_title"><h1>{esc(title)}</h1></div>
<div class="content_time">{meta_line}点击：<script>_showDynClicks("wbnews", {owner}, {news_id})</script></div>
<div id="vsb_content"><div class="v_news_content">
{body}
</div></div>
<div id="div_vote_id"></div>
{att_html}
<div class="fy"><p>上一条：<a href="{news_id - 1}.htm">{prev_t}</a></p><p>下一条：<a href="{news_id + 1}.htm">{next_t}</a></p></div>
<p align="right">【<a href="javascript:window.print()">打印本页</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</p>
</form>
</div></div></div>
{foot}
</BODY></HTML>
"""
    return page, ["当前位置", "已下载", "上一条", prev_t, next_t, "打印本页", *f_must]


def p01() -> HPage:
    t = TEXTS["fz_jiaozi"]
    rng = random.Random("p01")
    owner, news_id = 1458765432, 58761
    hrefs = [f"/system/_content/download.jsp?urltype=news.DownloadAttachUrl&amp;owner={owner}&amp;wbfileid={i}"
             for i in (7712345, 7712346)]
    atts = links_for(t, hrefs)
    url = f"https://jyj.fuzhou.gov.cn/info/1034/{news_id}.htm"
    blocks = t.blocks()
    html_, must = vsb_page(title=t.title, blocks=blocks, site=t.agency, column="通知公告", prov="闽",
                           meta_line="发布时间：2023-03-29 09:12&nbsp;&nbsp;&nbsp;&nbsp;作者：教师工作处&nbsp;&nbsp;&nbsp;&nbsp;来源：福州市教育局&nbsp;&nbsp;&nbsp;&nbsp;",
                           atts=atts, rng=rng, news_id=news_id, owner=owner)
    return HPage("vsb_form_downloadjsp", "博达 VSB (form-wrapped .v_news_content, download.jsp attachments)", url,
                 t.title, html_, "utf-8", "utf-8; declared charset=UTF-8", blocks, "2023-03-29T09:12",
                 source="福州市教育局", attachments=atts, must_not=must)


# ---------------------------------------------------------------- 02/12 TRS trs_editor_view
def trs_view_page(*, title, blocks, site, prov, pubdate, source, box_files, rng) -> tuple[str, list[str]]:
    """Newer TRS (海云): trs_editor_view TRS_UEDITOR, 135editor <section>s, insertfileTag links."""
    frags, group = [], []
    for b in blocks:
        if b.href:  # an attachment line turned into TRS's inserted-file paragraph
            if group:
                frags.append('<section data-role="paragraph" class="_135editor"><section style="margin:10px 0;">' + "".join(group) + "</section></section>")
                group = []
            oldsrc = "/protect/" + b.href.lstrip("./")
            frags.append(f'<p class="insertfileTag" style="line-height: 16px;"><img src="/images/icon_{b.href.rsplit(".", 1)[-1]}.gif" />'
                         f'<a href="{b.href}" appendix="true" OLDSRC="{oldsrc}">{esc(b.text)}</a></p>')
            continue
        if b.kind == "h" and group:
            frags.append('<section data-role="paragraph" class="_135editor"><section style="margin:10px 0;">' + "".join(group) + "</section></section>")
            group = []
        if b.kind == "h":
            group.append('<section style="display:flex;margin:16px 0 8px;"><section style="background-color:#1f5fbf;color:#ffffff;padding:3px 12px;border-radius:3px;">'
                         f'<p style="margin:0;"><strong>{esc(b.text)}</strong></p></section></section>')
        elif b.kind in ("center", "sig"):
            group.append(f'<p style="text-align:{"center" if b.kind == "center" else "right"};line-height:2em;"><span style="font-family:仿宋_GB2312;font-size:21px;">{esc(b.text)}</span></p>')
        else:
            group.append(f'<p style="text-indent:2em;line-height:2em;margin-bottom:10px;"><span style="font-family:仿宋_GB2312;font-size:21px;">{esc(b.text)}</span></p>')
    if group:
        frags.append('<section data-role="paragraph" class="_135editor"><section style="margin:10px 0;">' + "".join(group) + "</section></section>")
    body = "\n".join(frags)
    box = ""
    if box_files:
        lis = "".join(f'<li><a href="{h}" target="_blank">{esc(t)}</a></li>' for t, h in box_files)
        box = f'<div class="xl-fj"><span class="fj-t">附件下载：</span><ul>{lis}</ul></div>'
    rel, rel_titles = side(rng, 5, href="./t2023{}_4912000.shtml")
    foot, f_must = gov_footer(site, prov, rng, support="拓尔思信息技术股份有限公司")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="renderer" content="webkit">
<meta name="SiteName" content="{esc(site)}">
<meta name="SiteDomain" content="{urlhost(rng)}">
<meta name="ColumnName" content="通知公告">
<meta name="ArticleTitle" content="{esc(title)}">
<meta name="PubDate" content="{pubdate}">
<meta name="ContentSource" content="{esc(source)}">
<title>{esc(title)}_{esc(site)}</title>
<link rel="stylesheet" href="/images/2023_common.css">
</head>
<body>
<div class="g-head"><div class="g-w"><a class="logo" href="/">{esc(site)}</a><div class="head-r"><a href="javascript:;" class="jt">简体</a>|<a href="javascript:;" class="ft">繁體</a>|<a href="javascript:;" class="wza">无障碍</a></div></div></div>
<div class="g-nav"><div class="g-w"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/zwfw/">政务服务</a><a href="/hdjl/">互动交流</a><a href="/ztzl/">专题专栏</a></div></div>
<div class="g-w xl-wrap">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="./">通知公告</a></div>
<div class="xl-main">
<div class="xl-tit"><h2>{esc(title)}</h2></div>
<div class="xl-info"><span>发布时间：{pubdate}</span><span>来源：{esc(source)}</span><span>浏览量：<em id="hits"></em></span>
<span class="xl-share">分享到：<a class="wx" href="javascript:;">微信</a><a class="wb" href="javascript:;">微博</a></span></div>
<div class="xl-con">
<div class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web">{body}</div>
</div>
{box}
<div class="xl-print"><a href="javascript:window.print();">打印本页</a><a href="javascript:window.close();">关闭窗口</a></div>
</div>
<div class="xl-rel"><h3>相关文章</h3><ul>{rel}</ul></div>
</div>
{foot}
</body>
</html>
"""
    return page, ["当前位置", "分享到", "浏览量", "相关文章", rel_titles[0], "打印本页", *f_must]


def urlhost(rng: random.Random) -> str:
    return f"www.{rng.randint(100, 999)}.gov.cn"


def p02() -> HPage:
    t = TEXTS["sc_zizhu"]
    rng = random.Random("p02")
    blocks = t.blocks()
    href = "./P020230816583471243221.xlsx"
    link_body(blocks, t.attachments[0][0], href)
    url = "http://edu.sc.gov.cn/scedu/c100495/2023/8/16/8a7c1d3e5f2b4c6d9e0f1a2b3c4d5e6f.shtml"
    html_, must = trs_view_page(title=t.title, blocks=blocks, site="四川省教育厅", prov="蜀", pubdate="2023-08-16 17:02",
                                source="四川省教育厅", box_files=[], rng=rng)
    return HPage("trs_view_sections_insertfile", "TRS 海云 .trs_editor_view with 135editor <section>s, insertfileTag attachment",
                 url, t.title, html_, "utf-8", "utf-8; declared charset=utf-8", blocks, "2023-08-16T17:02",
                 source="四川省教育厅", doc_number="川教函〔2023〕312号",
                 attachments=[("附件：2023年秋季学期学生资助工作任务分解表", href)], must_not=must)


def p12() -> HPage:
    t = TEXTS["hb_yanxue"]
    rng = random.Random("p12")
    blocks = t.blocks()
    href = "./P020231107612345678901.pdf"
    atts = links_for(t, [href])
    url = "http://jyt.hubei.gov.cn/bmdt/tzgg/202311/t20231107_4912345.shtml"
    html_, must = trs_view_page(title=t.title, blocks=blocks, site="湖北省教育厅", prov="鄂", pubdate="2023-11-07 10:05",
                                source="湖北省教育厅", box_files=atts, rng=rng)
    return HPage("trs_view_pointer_only", "one-line pointer (详见附件。) with the file in a box after the body",
                 url, t.title, html_, "utf-8", "utf-8; declared charset=utf-8", blocks, "2023-11-07T10:05",
                 source="湖北省教育厅", attachments=atts, must_not=[*must, "附件下载"])


# ---------------------------------------------------------------- 03/04 政务公开 metadata lists
def xxgk_list_page(*, title, blocks, site, prov, fields_, style, rng, charset) -> tuple[str, list[str]]:
    if style == "ul":
        items = "".join(f'<li class="{"w100" if label.startswith("名") else "w50"}"><span>{esc(label)}</span>{esc(value)}</li>'
                        for label, value in fields_)
        meta = f'<div class="zfxxgk_zdgkc"><ul class="clearfix">{items}</ul></div>'
        container = f'<div class="zfxxgk_content"><div class="content_head"><h2>{esc(title)}</h2></div><div class="zfxxgk_zw">{{body}}</div></div>'
    else:
        items = "".join(f"<dl><dt>{esc(label)}</dt><dd>{esc(value)}</dd></dl>" for label, value in fields_)
        meta = f'<div class="gk-xl-table clearfix">{items}</div>'
        container = f'<div class="gk-xl-tit">{esc(title)}</div><div class="gk-xl-con"><div class="gk-article">{{body}}</div></div>'
    tree_items = "".join(f'<li><a href="/xxgk/{rng.randint(100, 999)}/">{x}</a></li>' for x in
                         ("机构职能", "政策文件", "规划计划", "财政信息", "人事信息", "教育统计", "建议提案办理", "信息公开年报"))
    foot, f_must = gov_footer(site, prov, rng)
    body = "\n".join(paras(blocks, "plain"))
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{esc(title)}</title>
<link rel="stylesheet" href="/xxgk/css/gk.css">
</head>
<body>
<div class="gk-top"><div class="w1100"><span class="gk-logo">{esc(site)}政府信息公开</span></div></div>
<div class="w1100 clearfix">
<div class="gk-left"><h3>公开目录</h3><ul>{tree_items}</ul></div>
<div class="gk-right">
<div class="gk-pos">您所在位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; <a href="/xxgk/fdzdgknr/">法定主动公开内容</a></div>
{meta}
{container.format(body=body)}
<div class="gk-tools"><a href="javascript:window.print()">[打印本页]</a> <a href="javascript:window.close()">[关闭窗口]</a></div>
</div></div>
{foot}
</body>
</html>
"""
    return page, ["您所在位置", "公开目录", "信息公开年报", "[打印本页]", *f_must]


def p03() -> HPage:
    t = TEXTS["cs_ruxue"]
    rng = random.Random("p03")
    blocks = t.blocks()
    fields_ = [("索引号：", "11430100005556789H/2023-00418"), ("信息分类：", "教育 / 通知"), ("发布机构：", "长沙市教育局"),
               ("发文日期：", "2023-04-18"), ("名　　称：", t.title), ("文　　号：", "长教通〔2023〕21号"),
               ("发布日期：", "2023-04-20"), ("有 效 性：", "有效")]
    html_, must = xxgk_list_page(title=t.title, blocks=blocks, site="长沙市教育局", prov="湘", fields_=fields_, style="ul",
                                 rng=rng, charset="utf-8")
    url = "http://jyj.changsha.gov.cn/zfxxgk/fdzdgknr/tzgg/202304/t20230420_11056789.html"
    return HPage("xxgk_ul_li_metadata", "政务公开: metadata as <ul><li><span>索引号：</span>…, table in body", url, t.title,
                 html_, "utf-8", "utf-8; declared charset=utf-8", blocks, "2023-04-20", issuer="长沙市教育局",
                 doc_number="长教通〔2023〕21号", index_number="11430100005556789H/2023-00418",
                 must_not=[*must, "信息分类", "有 效 性"])


def p04() -> HPage:
    t = TEXTS["hb_shitang"]
    rng = random.Random("p04")
    blocks = t.blocks()
    fields_ = [("索 引 号：", "000013502/2023-00045"), ("公开方式：", "主动公开"), ("发布机构：", "河北省教育厅"),
               ("成文日期：", "2023-03-08"), ("文　　号：", "冀教体〔2023〕5号"), ("发布日期：", "2023-03-10")]
    html_, must = xxgk_list_page(title=t.title, blocks=blocks, site="河北省教育厅", prov="冀", fields_=fields_, style="dl",
                                 rng=rng, charset="gbk")
    url = "http://jyt.hebei.gov.cn/col/1405610764482/2023/03/10/1678423456789.html"
    return HPage("xxgk_dl_metadata_gbk", "政务公开: metadata as <dl><dt>label：</dt><dd>value</dd>, GBK", url, t.title,
                 html_, "gbk", "gbk; declared charset=gbk", blocks, "2023-03-10", issuer="河北省教育厅",
                 doc_number="冀教体〔2023〕5号", index_number="000013502/2023-00045", must_not=[*must, "公开方式"])


# ---------------------------------------------------------------- 05 news in div.article, photo captions
def p05() -> HPage:
    t = TEXTS["ba_kejijie"]
    rng = random.Random("p05")
    blocks = t.blocks()
    captions = {"学生们在现场展示自制的水火箭", "机器人竞赛项目现场"}
    frags = []
    for i, b in enumerate(blocks):
        if b.text in captions:
            frags.append(f'<p style="text-align:center;"><img src="/bajyj/attachment/1/1123/1123456/1061234{i}.jpg" alt="" width="600" height="400" border="0" /></p>')
            frags.append(f'<p style="text-align:center;"><span style="font-size:14px;color:#666666;font-family:楷体;">{esc(b.text)}</span></p>')
        else:
            frags.append(f'<p style="text-indent:2em;line-height:2;">{esc(b.text)}</p>')
    hot, hot_t = side(rng, 6, href="/bajyj/gzdt/content/post_1061{}.html", dates=False)
    foot, f_must = gov_footer("深圳市宝安区人民政府", "粤", rng)
    html_ = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{esc(t.title)}-宝安区教育局</title>
</head>
<body>
<header class="head"><div class="container"><a class="logo" href="/bajyj/">宝安区教育局</a><nav><a href="/bajyj/">首页</a><a href="/bajyj/gzdt/">工作动态</a><a href="/bajyj/tzgg/">通知公告</a><a href="/bajyj/zcfg/">政策法规</a></nav></div></header>
<div class="container detail-wrap">
<div class="crumbs">您现在所在位置：<a href="/bajyj/">首页</a> &gt; <a href="/bajyj/gzdt/">工作动态</a></div>
<div class="detail-left">
<h1 class="detail-title">{esc(t.title)}</h1>
<div class="detail-attr"><span>时间：2023-05-22 15:40</span><span>来源：宝安区教育局</span><span>作者：区教育局宣传办</span><span class="fontsize">字号：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a></span></div>
<div class="article">
{chr(10).join(frags)}
</div>
<div class="detail-footer"><span>责任编辑：林晓</span> <a href="javascript:window.print()">打印</a> <a href="javascript:window.close()">关闭</a></div>
</div>
<div class="detail-right"><div class="box"><h3>热点新闻</h3><ul>{hot}</ul></div></div>
</div>
{foot}
</body>
</html>
"""
    url = "http://www.baoan.gov.cn/bajyj/gzdt/content/post_10612345.html"
    return HPage("news_article_captions", "news body in <div class=\"article\"> with <img> and caption <p>s; 时间： label",
                 url, t.title, html_, "utf-8", "utf-8; declared charset=utf-8", blocks, "2023-05-22T15:40",
                 source="宝安区教育局", must_not=["您现在所在位置", "责任编辑", "热点新闻", hot_t[0], *f_must])


# ---------------------------------------------------------------- 06/13/17 portal with a file list after the body
def files_page(*, title, blocks, site, prov, info, atts, rng, charset, body_extra=None) -> tuple[str, list[str]]:
    frags = paras(blocks, "plain")
    if body_extra:
        pos, extra_html = body_extra
        frags.insert(pos if pos >= 0 else len(frags), extra_html)
    files = ""
    if atts:
        lis = "".join(f'<li><a href="{h}" target="_blank" title="{esc(t)}">{esc(t)}</a></li>' for t, h in atts)
        files = f'<div class="detail-files"><p class="files-tit">附件：</p><ul>{lis}</ul></div>'
    rel, rel_t = side(rng, 5, href="/jyzx/tzgg/content/post_40{}.html")
    foot, f_must = gov_footer(site, prov, rng)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{esc(title)} - {esc(site)}</title>
<link rel="stylesheet" href="/static/css/detail.css">
</head>
<body>
<div class="top"><div class="wrap"><a class="logo" href="/"><img src="/static/img/logo.png" alt="{esc(site)}"></a>
<div class="top-search"><input type="text" placeholder="请输入搜索内容"><button>搜索</button></div></div></div>
<div class="menu"><div class="wrap"><a href="/">首页</a><a href="/jyzx/">教育资讯</a><a href="/zwgk/">政务公开</a><a href="/bsfw/">办事服务</a><a href="/hdjl/">互动交流</a></div></div>
<div class="wrap">
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/jyzx/">教育资讯</a> &gt; <a href="/jyzx/tzgg/">通知公告</a></div>
<div class="detail-main">
<h1 class="detail-h1">{esc(title)}</h1>
<div class="detail-info">{info}　【<a href="javascript:fontZoom(18)">大</a> <a href="javascript:fontZoom(16)">中</a> <a href="javascript:fontZoom(14)">小</a>】</div>
<div class="detail-text">
{chr(10).join(frags)}
</div>
{files}
<div class="detail-share">分享到：<a href="javascript:;" class="share-wx">微信</a><a href="javascript:;" class="share-wb">微博</a><a href="javascript:;" class="share-qq">QQ空间</a></div>
</div>
<div class="detail-rel"><h3>相关阅读</h3><ul>{rel}</ul></div>
</div>
{foot}
</body>
</html>
"""
    return page, ["当前位置", "分享到", "相关阅读", rel_t[0], *f_must]


def p06() -> HPage:
    t = TEXTS["dg_shiyan"]
    rng = random.Random("p06")
    blocks = t.blocks()
    hrefs = ["/attachment/0/412/412305/4012345.docx", "/attachment/0/412/412306/4012346.xlsx"]
    atts = [(f"{i}.{title}.{ext}", h) for i, ((title, ext), h) in enumerate(zip(t.attachments, hrefs, strict=True), 1)]
    html_, must = files_page(title=t.title, blocks=blocks, site="东莞市教育局", prov="粤",
                             info="发布日期：2023-06-13　信息来源：东莞市教育局", atts=atts, rng=rng, charset="utf-8")
    url = "http://edu.dg.gov.cn/jyzx/tzgg/content/post_4012345.html"
    return HPage("files_ul_after_body", "附件 list in a <ul> after the body (附件: lines in body are plain text)", url,
                 t.title, html_, "utf-8", "utf-8; declared charset=utf-8", blocks, "2023-06-13", source="东莞市教育局",
                 attachments=atts, must_not=must)


def p13() -> HPage:
    t = TEXTS["hf_anquan"]
    rng = random.Random("p13")
    blocks = t.blocks()
    spam = f'<div style="position:absolute;top:-999px;left:0;">{spam_links(OFFSCREEN)}</div>'
    html_, must = files_page(title=t.title, blocks=blocks, site="合肥市教育局", prov="皖",
                             info="发布日期：2023-03-16 11:05　信息来源：合肥市教育局", atts=[], rng=rng, charset="utf-8",
                             body_extra=(6, spam))
    url = "https://jyj.hefei.gov.cn/xwzx/tzgg/18012345.html"
    return HPage("hidden_spam_top999", "hidden link spam in <div style=\"position:absolute;top:-999px\"> mid-body", url,
                 t.title, html_, "utf-8", "utf-8; declared charset=utf-8", blocks, "2023-03-16T11:05",
                 source="合肥市教育局", must_not=[*must, *(x for _, x in OFFSCREEN)], flags=["spam_removed"])


def p17() -> HPage:
    t = TEXTS["gy_biaozhang"]
    rng = random.Random("p17")
    blocks = t.blocks()
    spam = f'<div style="width:1px;height:1px;overflow:hidden;">{spam_links(TINY_BOX)}</div>'
    html_, must = files_page(title=t.title, blocks=blocks, site="贵阳市教育局", prov="黔",
                             info="发布日期：2023-09-08　信息来源：贵阳市教育局", atts=[], rng=rng, charset="gbk",
                             body_extra=(-1, spam))
    url = "http://jyj.guiyang.gov.cn/zwgk/tzgg/202309/t20230908_81234567.html"
    return HPage("gb18030_names_tinybox_spam",
                 "GB18030 bytes declared gbk (names outside GBK), name table, spam in a 1px overflow:hidden box",
                 url, t.title, html_, "gb18030", "gb18030; declared charset=gbk; body has characters outside GBK",
                 blocks, "2023-09-08", source="贵阳市教育局", must_not=[*must, *(x for _, x in TINY_BOX)],
                 flags=["spam_removed"])


# ---------------------------------------------------------------- 07/14 county ASP table sites, <br> text in a <td>
def county_page(*, title, blocks, site, prov, info, rng, white_spam=False) -> tuple[str, list[str]]:
    body = br_text(blocks)
    if white_spam:
        body += f"<p><font color=#ffffff size=1>{spam_links(WHITE)}</font></p>"
    side_html, side_t = side(rng, 8, href="ShowArticle.asp?ArticleID={}", dates=False)
    icp = f"{prov}ICP备{rng.randint(10000000, 99999999)}号"
    page = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(title)} - {esc(site)}</title>
<link href="/css/style.css" rel="stylesheet" type="text/css">
</head>
<body leftmargin="0" topmargin="0" marginwidth="0" marginheight="0" bgcolor="#FFFFFF">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td><img src="/images/banner.jpg" width="980" height="150"></td></tr></table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" class="nav"><tr><td height="36" align="center"><a href="/">网站首页</a> | <a href="/Article/Class.asp?ClassID=1">教育动态</a> | <a href="/Article/Class.asp?ClassID=2">通知公告</a> | <a href="/Article/Class.asp?ClassID=3">政策法规</a> | <a href="/Article/Class.asp?ClassID=4">安全教育</a> | <a href="/Article/Class.asp?ClassID=5">下载中心</a></td></tr></table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr>
<td width="230" valign="top" class="left"><table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="left_tit">最新公告</td></tr><tr><td><ul class="left_list">{side_html}</ul></td></tr></table></td>
<td width="10">&nbsp;</td>
<td valign="top">
<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="dqwz" height="30">当前位置：<a href="/">网站首页</a> &gt;&gt; <a href="/Article/Class.asp?ClassID=2">通知公告</a> &gt;&gt; 正文</td></tr></table>
<table width="96%" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td height="50" align="center" class="title"><font size="4" color="#CC0000"><b>{esc(title)}</b></font></td></tr>
<tr><td height="30" align="center" class="info">{info}</td></tr>
<tr><td height="1" bgcolor="#CCCCCC"></td></tr>
<tr><td class="content" style="font-size:14px;line-height:26px;padding:15px 10px">
{body}</td></tr>
<tr><td align="right" height="40">【<a href="javascript:window.print()">打印此文</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
</table>
</td>
</tr>
</table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" class="foot"><tr><td align="center" height="80">版权所有：{esc(site)} &nbsp; <a href="https://beian.miit.gov.cn/">{icp}</a><br>地址：{esc(site[:3])}人民路{rng.randint(1, 200)}号 &nbsp; 电话：{rng.randint(1000, 9999)}-{rng.randint(1000000, 9999999)}</td></tr></table>
</body>
</html>
"""
    return page, ["最新公告", side_t[0], "当前位置", "打印此文", "版权所有", "ICP备"]


def p07() -> HPage:
    t = TEXTS["yx_fangxun"]
    rng = random.Random("p07")
    blocks = t.blocks()
    html_, must = county_page(title=t.title, blocks=blocks, site=t.agency, prov="皖", rng=rng,
                              info='发布时间：2023-6-16　作者：办公室　点击数：<script src="/inc/hits.asp?id=2345"></script>')
    url = "http://www.yuexi.gov.cn/jytyj/ShowArticle.asp?ArticleID=2345"
    return HPage("county_td_br_gbk_nodoctype", "county ASP site: no doctype, GBK, body as <br> lines in a <td>",
                 url, t.title, html_, "gbk", "gbk; declared charset=gb2312; no doctype", blocks, "2023-06-16",
                 must_not=must)


def p14() -> HPage:
    t = TEXTS["yz_jindu"]
    rng = random.Random("p14")
    blocks = t.blocks()
    html_, must = county_page(title=t.title, blocks=blocks, site=t.agency, prov="甘", rng=rng, white_spam=True,
                              info="发布日期：2023-09-06　录入：张老师　浏览：<font color=red>328</font>次")
    url = "http://www.yuzhong.gov.cn/jyj/html/2023/09/06/art_1234.html"
    return HPage("county_white_font_spam_gbk", "county table site, GBK: white-on-white <font color=#ffffff> link farm",
                 url, t.title, html_, "gbk", "gbk; declared charset=gb2312; no doctype", blocks, "2023-09-06",
                 must_not=[*must, *(x for _, x in WHITE)], flags=["spam_removed"])


# ---------------------------------------------------------------- 08 FrontPage-era, uppercase tags, GBK, no declaration
def p08() -> HPage:
    t = TEXTS["hn_yingyang"]
    rng = random.Random("p08")
    blocks = t.blocks()
    body = "\n".join(paras(blocks, "upper"))
    links = "".join(f"<TR><TD height=24>·<A href=\"show.asp?id={rng.randint(1000, 1999)}\" target=_blank>{x}</A></TD></TR>"
                    for x in rng.sample(SIDEBAR, 6))
    html_ = f"""<HTML><HEAD><TITLE>会宁县教育局--{esc(t.title)}</TITLE>
<META content="MSHTML 6.00.2900.5921" name=GENERATOR>
<LINK href="../css.css" type=text/css rel=stylesheet>
</HEAD>
<BODY bgColor=#ffffff leftMargin=0 topMargin=0>
<TABLE cellSpacing=0 cellPadding=0 width=760 align=center border=0><TBODY><TR><TD><IMG height=120 src="../images/top.jpg" width=760></TD></TR></TBODY></TABLE>
<TABLE cellSpacing=0 cellPadding=0 width=760 align=center bgColor=#0066cc border=0><TBODY><TR><TD align=middle height=28><A href="../index.asp"><FONT color=#ffffff>首 页</FONT></A>　<A href="../news.asp?lb=1"><FONT color=#ffffff>教育新闻</FONT></A>　<A href="../news.asp?lb=2"><FONT color=#ffffff>通知公告</FONT></A>　<A href="../news.asp?lb=3"><FONT color=#ffffff>政策法规</FONT></A>　<A href="../ly.asp"><FONT color=#ffffff>局长信箱</FONT></A></TD></TR></TBODY></TABLE>
<TABLE cellSpacing=0 cellPadding=0 width=760 align=center border=0>
<TBODY>
<TR>
<TD vAlign=top width=180 bgColor=#eef5fc>
<TABLE cellSpacing=0 cellPadding=0 width="100%" border=0><TBODY><TR><TD class=lm height=30>&nbsp;相关信息</TD></TR>{links}</TBODY></TABLE></TD>
<TD vAlign=top width=580>
<TABLE cellSpacing=0 cellPadding=0 width="96%" align=center border=0>
<TBODY>
<TR><TD align=middle height=50><FONT color=#ff0000 size=4><STRONG>{esc(t.title)}</STRONG></FONT></TD></TR>
<TR><TD align=middle height=25><FONT color=#666666>发布时间：2023年8月30日　浏览次数：417　【<A href="javascript:window.print()">打印</A>】</FONT></TD></TR>
<TR><TD class=newstext>
{body}
</TD></TR>
</TBODY></TABLE></TD></TR></TBODY></TABLE>
<TABLE cellSpacing=0 cellPadding=0 width=760 align=center border=0><TBODY><TR><TD align=middle bgColor=#0066cc height=60><FONT color=#ffffff>会宁县教育局 主办　地址：会宁县会师镇{rng.randint(10, 99)}号　电话：0943-{rng.randint(3000000, 3999999)}<BR>陇ICP备{rng.randint(10000000, 99999999)}号</FONT></TD></TR></TBODY></TABLE>
</BODY></HTML>
"""
    url = "http://www.huining.gov.cn/jyj/news/show.asp?id=1789"
    return HPage("county_uppercase_gbk_nodecl", "FrontPage-era county site: uppercase tags, GBK, no doctype, no charset declaration",
                 url, t.title, html_, "gbk", "gbk; no charset declaration; no doctype", blocks, "2023-08-30",
                 must_not=["相关信息", "浏览次数", "局长信箱", "ICP备"])


# ---------------------------------------------------------------- 09/15 Hanweb jpage (art_ URLs), title in a <div>
def hanweb_new_page(*, title, blocks, site, prov, info, rng, meta=None, visible_spam=False) -> tuple[str, list[str]]:
    frags = paras(blocks, "plain")
    must = []
    if visible_spam:
        frags.append(f"<p>{esc(VISIBLE_AD)}</p>")
        frags.append(f"<p>友情链接：{spam_links(FRIEND_LINKS, ' | ')}</p>")
        must += [VISIBLE_AD, *(x for _, x in FRIEND_LINKS)]
    metas = ""
    if meta:
        metas = (f'<meta name="ArticleTitle" content="{esc(title)}">\n<meta name="PubDate" content="{meta["pubdate"]}">\n'
                 f'<meta name="ContentSource" content="{esc(meta["source"])}">')
    rel, rel_t = side(rng, 6, href="/art/2023/1/1/art_1229567890_{}.html")
    foot, f_must = gov_footer(site, prov, rng, support="南京大汉网络有限公司")
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="SiteName" content="{esc(site)}">
{metas}
<title>{esc(title)}_通知公告_{esc(site)}</title>
<script type="text/javascript" src="/script/jquery.min.js"></script>
</head>
<body>
<div class="header"><div class="w1200"><img src="/picture/0/logo.png" alt="{esc(site)}"><div class="hd-link"><a href="/col/col1229/index.html">无障碍浏览</a><a href="javascript:;">长者模式</a></div></div></div>
<div class="nav"><div class="w1200"><a href="/">首页</a><a href="/col/col1530/">新闻中心</a><a href="/col/col1531/">政务公开</a><a href="/col/col1532/">政务服务</a><a href="/col/col1533/">互动交流</a></div></div>
<div class="w1200">
<div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/col/col1531/">政务公开</a> &gt; <a href="/col/col1229/">通知公告</a></div>
<div class="art-main">
<div class="art-title">{esc(title)}</div>
<div class="art-info">{info}<span>浏览次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid=1229&amp;artid={rng.randint(1000000, 9999999)}"></script></span></div>
<div class="art-content" id="zoom">
<!--ContentStart-->{chr(10).join(frags)}<!--ContentEnd-->
</div>
<div class="art-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="art-rel"><h4>相关信息</h4><ul>{rel}</ul></div>
</div>
</div>
{foot}
</body>
</html>
"""
    return page, ["您当前的位置", "浏览次数", "【打印本页】", "相关信息", rel_t[0], *f_must, *must]


def p09() -> HPage:
    t = TEXTS["zj_qiling"]
    rng = random.Random("p09")
    blocks = t.blocks()
    html_, must = hanweb_new_page(title=t.title, blocks=blocks, site="浙江省教育厅", prov="浙", rng=rng,
                                  info="<span>发布时间：2022-05-18 10:30</span><span>信息来源：省教育厅办公室</span>")
    url = "http://jyt.zj.gov.cn/art/2022/5/18/art_1532973_58912345.html"
    return HPage("jyt_policy_wenhao_cnsig", "教育厅 policy document: 文号 line in body, 二〇二二年五月十六日 signature, page date wins",
                 url, t.title, html_, "utf-8", "utf-8; declared charset=utf-8", blocks, "2022-05-18T10:30",
                 source="省教育厅办公室", doc_number="浙教办基〔2022〕31号", must_not=must)


def p15() -> HPage:
    t = TEXTS["kq_kaixue"]
    rng = random.Random("p15")
    blocks = t.blocks()
    html_, must = hanweb_new_page(title=t.title, blocks=blocks, site="绍兴市柯桥区人民政府", prov="浙", rng=rng,
                                  info="<span>发布时间：2023-08-23 15:30</span><span>来源：区教育体育局</span>",
                                  visible_spam=True)
    url = "http://www.kq.gov.cn/art/2023/8/23/art_1229567890_4012345.html"
    return HPage("visible_spam_ad_friendlinks", "visible injected spam: 代开发票/办证 ad line + 友情链接 gambling links at body end",
                 url, t.title, html_, "utf-8", "utf-8; declared charset=utf-8", blocks, "2023-08-23T15:30",
                 source="区教育体育局", must_not=must, flags=["spam_removed"])


# ---------------------------------------------------------------- 10/11 Epoint (新点) article pages
def epoint_page(*, title, blocks, site, prov, sources, rng, charset) -> tuple[str, list[str]]:
    body = "\n".join(paras(blocks, "plain"))
    rel, rel_t = side(rng, 6, href="/web/{}.html", dates=False)
    foot, f_must = gov_footer(site, prov, rng, support="国泰新点软件股份有限公司")
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="{charset}">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<title>{esc(site)}</title>
<link rel="stylesheet" href="/css/ewb-common.css">
</head>
<body>
<div class="ewb-header"><div class="ewb-container"><a href="/" class="ewb-logo">{esc(site)}</a></div></div>
<div class="ewb-nav"><div class="ewb-container"><ul><li><a href="/">首页</a></li><li><a href="/xwzx/">新闻中心</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div></div>
<div class="ewb-container">
<div class="ewb-location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <span>通知公告</span></div>
<div class="ewb-article">
<h2 class="ewb-article-tt">{esc(title)}</h2>
<div class="ewb-article-sources">{sources}【阅读次数：<span id="infoViewCount"></span>】【<a href="javascript:window.print();">我要打印</a>】【<a href="javascript:window.close();">关闭</a>】</div>
<div class="ewb-article-info" id="mainContent">
{body}
</div>
</div>
<div class="ewb-related"><div class="ewb-related-hd">相关链接</div><ul>{rel}</ul></div>
</div>
{foot}
</body>
</html>
"""
    return page, ["当前位置", "阅读次数", "我要打印", rel_t[0], *f_must]


def p10() -> HPage:
    t = TEXTS["yn_xuefen"]
    rng = random.Random("p10")
    blocks = t.blocks()
    html_, must = epoint_page(title=t.title, blocks=blocks, site="云南省教育厅", prov="滇", sources="", rng=rng,
                              charset="gb18030")
    url = "http://jyt.yn.gov.cn/web/2c9a8f2f7b1c4d2a/4028e4b08a6b1234.html"
    return HPage("epoint_policy_sigonly_gb18030",
                 "教育厅 policy document with no page date: 二〇二二年八月三日 signature, then the 办法; GB18030 (4-byte name)",
                 url, t.title, html_, "gb18030", "gb18030; declared charset=gb18030; body has characters outside GBK",
                 blocks, "2022-08-03", doc_number="滇教师〔2022〕9号", must_not=must)


def p11() -> HPage:
    t = TEXTS["wh_zhaopin"]
    rng = random.Random("p11")
    blocks = t.blocks()
    href = "/uploadfiles/202307/20230720163012345.xlsx"
    link_body(blocks, t.attachments[0][0], href)
    html_, must = epoint_page(title=t.title, blocks=blocks, site="武汉市教育局", prov="鄂",
                              sources="【信息时间：2023-07-20 16:30:00】【信息来源：武汉市教育局】", rng=rng, charset="utf-8")
    url = "http://jyj.wuhan.gov.cn/zfxxgk/fdzdgknr/tzgg/202307/t20230720_2234567.shtml"
    return HPage("epoint_pointer_inbody_link", "one-line pointer to an in-body attachment link; 【信息时间：】 label",
                 url, t.title, html_, "utf-8", "utf-8; declared charset=utf-8", blocks, "2023-07-20T16:30:00",
                 source="武汉市教育局", attachments=[("拟聘用人员名单（第二批）", href)], must_not=must)


# ---------------------------------------------------------------- 16 big5 gateway of an official site
def p16() -> HPage:
    t = TEXTS["zh_yishu"]
    rng = random.Random("p16")
    blocks = t.blocks(S2T)
    title = S2T.convert(t.title)
    gate = "http://big5.zhuhai.gov.cn/gate/big5/www.zhuhai.gov.cn"
    rel, rel_t = side(rng, 5, href=gate + "/jyj/tzgg/content/post_35{}.html")
    body = "\n".join(paras(blocks, "plain"))
    simplified_chrome = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=big5">
<title>{{TITLE}}-珠海市教育局</title>
<base href="{gate}/jyj/tzgg/content/">
</head>
<body>
<div class="top"><div class="w"><span>珠海市教育局</span><span class="jf"><a href="http://www.zhuhai.gov.cn/jyj/">简体版</a></span></div></div>
<div class="nav w"><a href="{gate}/jyj/">首页</a><a href="{gate}/jyj/xxgk/">信息公开</a><a href="{gate}/jyj/tzgg/">通知公告</a><a href="{gate}/jyj/bsfw/">办事服务</a></div>
<div class="w main">
<div class="weizhi">当前位置：<a href="{gate}/jyj/">首页</a> &gt; <a href="{gate}/jyj/tzgg/">通知公告</a></div>
<div class="article-box">
<h1 class="article-title">{{TITLE}}</h1>
<div class="article-meta">发布时间：2023-05-30 10:20　来源：珠海市教育局　【字号：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</div>
<div class="article-text">{{BODY}}</div>
<div class="article-share">分享到：<a href="javascript:;">微信</a> <a href="javascript:;">微博</a></div>
</div>
<div class="xglj"><h3>相关链接</h3><ul>{rel}</ul></div>
</div>
<div class="foot">版权所有：珠海市教育局　粤ICP备{rng.randint(10000000, 99999999)}号</div>
</body>
</html>
"""
    html_ = S2T.convert(simplified_chrome).replace("{TITLE}", esc(title)).replace("{BODY}", body)
    url = gate + "/jyj/tzgg/content/post_3512345.html"
    must = [S2T.convert(x) for x in ("当前位置", "相关链接", rel_t[0], "分享到", "版权所有", "简体版")]
    return HPage("big5_gateway_official", "繁體 gateway of an official site, Big5 bytes, <base href>", url, title, html_,
                 "big5", "big5; declared charset=big5", blocks, "2023-05-30T10:20", source=S2T.convert("珠海市教育局"),
                 must_not=must, flags=["script_converted"])


# ---------------------------------------------------------------- 18 HTML5 <article>, label-less <time>
def p18() -> HPage:
    t = TEXTS["nj_tiyu"]
    rng = random.Random("p18")
    blocks = t.blocks()
    body = "\n".join(paras(blocks, "plain"))
    rel, rel_t = side(rng, 5, href="/njsjyj/2023{}/t2023_401.html", dates=False)
    foot, f_must = gov_footer("南京市教育局", "苏", rng)
    html_ = f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(t.title)} | 南京市教育局</title>
<link rel="stylesheet" href="/njsjyj/assets/app.css">
</head>
<body>
<header class="site-header"><div class="container"><a class="brand" href="/njsjyj/">南京市教育局</a>
<nav class="site-nav"><a href="/njsjyj/">首页</a><a href="/njsjyj/jyxw/">教育新闻</a><a href="/njsjyj/tzgg/">通知公告</a><a href="/njsjyj/zcwj/">政策文件</a></nav></div></header>
<main class="container page-detail">
<nav class="breadcrumb" aria-label="breadcrumb"><a href="/njsjyj/">首页</a><span>/</span><a href="/njsjyj/tzgg/">通知公告</a><span>/</span><span>正文</span></nav>
<article class="detail">
<header class="detail-head">
<h1>{esc(t.title)}</h1>
<div class="detail-meta"><time datetime="2023-10-09T09:00:00+08:00">2023-10-09 09:00</time><span class="detail-src">南京市教育局</span><span class="detail-pv">阅读 <b id="pv">--</b></span></div>
</header>
<div class="detail-body">
{body}
</div>
<footer class="detail-foot"><button class="btn-print" onclick="window.print()">打印</button><div class="share">分享：<a href="javascript:;">微信</a><a href="javascript:;">微博</a></div></footer>
</article>
<aside class="related"><h2>相关文章</h2><ul>{rel}</ul></aside>
</main>
{foot}
</body>
</html>
"""
    url = "https://edu.nanjing.gov.cn/njsjyj/202310/t20231009_4012345.html"
    return HPage("html5_article_time_nolabel", "HTML5 <article>/<header>/<time datetime> with no date label", url,
                 t.title, html_, "utf-8", "utf-8; declared charset=utf-8", blocks, "2023-10-09T09:00",
                 must_not=["相关文章", rel_t[0], *f_must])


# ================================================================ mirrors
def p19() -> HPage:
    """WeChat article as served: #js_content hidden until script runs, date only in script."""
    t = TEXTS["kq_kaixue"]
    blocks = t.blocks()
    body = "\n".join(paras(blocks, "wechat"))
    url = "https://mp.weixin.qq.com/s/Xk3vQ9bLmT2rA7cYp1NwZg"
    first = "".join(gold_lines(blocks))[:54]
    html_ = f"""<!DOCTYPE html>
<html class="">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=0,viewport-fit=cover">
<meta property="og:title" content="{esc(t.title)}" />
<meta property="og:url" content="{url}" />
<meta property="og:description" content="{esc(first)}" />
<meta property="og:site_name" content="微信公众平台" />
<meta property="og:type" content="article" />
<meta name="twitter:card" content="summary" />
<title>{esc(t.title)}</title>
<style>.rich_media_content{{overflow:hidden;color:#222;font-size:17px;word-wrap:break-word;text-align:justify;position:relative;z-index:0}}</style>
</head>
<body id="activity-detail" class="zh_CN wx_wap_page mm_appmsg comment_feature discuss_tab appmsg_skin_default appmsg_style_default">
<div id="js_article" class="rich_media">
<div id="js_top_ad_area" class="top_banner"></div>
<div class="rich_media_inner">
<div id="page-content" class="rich_media_area_primary">
<div class="rich_media_area_primary_inner">
<div id="img-content" class="rich_media_wrp">
<h1 class="rich_media_title " id="activity-name">
{esc(t.title)}
</h1>
<div id="meta_content" class="rich_media_meta_list">
<span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a href="javascript:void(0);" class="wx_tap_link js_wx_tap_highlight weui-wa-hotarea" id="js_name">柯桥教育</a></span>
<span class="rich_media_meta rich_media_meta_text"><em id="publish_time" class="rich_media_meta rich_media_meta_text"></em></span>
<span class="rich_media_meta rich_media_meta_text" id="js_ip_wording_wrp" style="display:none;"><span id="js_ip_wording"></span></span>
</div>
<div class="rich_media_content js_underline_content autoTypeSetting24psection" id="js_content" style="visibility: hidden;">
<section style="text-align:center;margin-bottom:16px;"><p><span style="color:#1e88e5;font-size:13px;">点击蓝字 关注我们</span></p></section>
<p style="text-align:center;"><img class="rich_pages wxw-img" data-ratio="0.4259" data-src="https://mmbiz.qpic.cn/mmbiz_png/kqjy0823abcd/640?wx_fmt=png" data-type="png" data-w="1080" style="width:100%;"></p>
{body}
<p style="margin-top:24px;"><span style="font-size:12px;color:#888888;">来源：柯桥区教育体育局</span></p>
<p><span style="font-size:12px;color:#888888;">编辑：陈怡　审核：沈立</span></p>
<p style="text-align:center;"><img class="rich_pages wxw-img" data-src="https://mmbiz.qpic.cn/mmbiz_jpg/kqjy0823qr/640?wx_fmt=jpeg" data-w="430"></p>
<p style="text-align:center;"><span style="font-size:12px;">长按识别二维码关注我们</span></p>
</div>
<script type="text/javascript" nonce="1284937561">var first_sceen__time = (+new Date());</script>
<div class="rich_media_tool" id="js_toobar3"><div class="weui-flex"><div class="weui-flex__item"><a id="js_view_source" class="media_tool_meta meta_primary" href="##">阅读原文</a></div></div></div>
</div></div></div></div>
<div id="js_pc_qr_code" class="qr_code_pc_outer" style="display:none;"><div class="qr_code_pc_inner"><div class="qr_code_pc"><img id="js_pc_qr_code_img" class="qr_code_pc_img"><p>微信扫一扫<br>关注该公众号</p></div></div></div>
<div class="wx_expand_article"><p class="wx_expand_tips">继续滑动看下一个</p><p class="wx_expand_tips">向上滑动看下一个</p></div>
</div>
<script type="text/javascript" nonce="1284937561">
var nickname = htmlDecode("柯桥教育");
var ct = "1692873000";
var createTime = '2023-08-24 18:30';
var msg_title = '{t.title}'.html(false);
var msg_desc = htmlDecode("{first}");
</script>
</body>
</html>
"""
    return HPage("wechat_js_content_hidden", "WeChat repost: #js_content served with visibility:hidden, date only in script",
                 url, t.title, html_, "utf-8", "utf-8; declared charset=utf-8", blocks, "2023-08-22",
                 kind="mirror", mirror_posted="2023-08-24T18:30", source="柯桥区教育体育局",
                 must_not=["点击蓝字", "长按识别二维码", "阅读原文", "继续滑动看下一个", "关注该公众号", "编辑：陈怡"])


def p20() -> HPage:
    """A news-portal repost whose body opens with the original's 发布日期."""
    t = TEXTS["zj_qiling"]
    rng = random.Random("p20")
    blocks = t.blocks()
    body = "\n".join(paras(blocks, "plain"))
    rel, rel_t = side(rng, 6, href="/news/zhejiang/2022/05{}.html", dates=False)
    html_ = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(t.title)}_浙江_教育资讯网</title>
<meta name="keywords" content="校园欺凌,中小学,浙江省教育厅">
</head>
<body>
<div class="topbar"><div class="wrap">教育资讯网 — 权威教育政策与资讯　<a href="/login.html">登录</a> | <a href="/reg.html">注册</a></div></div>
<div class="wrap"><div class="logo"><a href="/">教育资讯网</a></div><div class="menu"><a href="/">首页</a><a href="/news/">教育新闻</a><a href="/zc/">教育政策</a><a href="/gk/">高考</a><a href="/zk/">中考</a><a href="/kaoyan/">考研</a></div></div>
<div class="wrap">
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zc/">教育政策</a> &gt; <a href="/news/zhejiang/">浙江</a></div>
<div class="news_box">
<h1 class="news_title">{esc(t.title)}</h1>
<div class="news_info">时间：2022-05-20 08:41　来源：浙江省教育厅　编辑：小陈</div>
<div class="news_con">
<p style="color:#888;">发布日期：2022-05-18 10:30　来源：浙江省教育厅</p>
{body}
<p style="color:#999;font-size:12px;">（本文转自浙江省教育厅网站，版权归原作者所有，如有侵权请联系删除）</p>
</div>
<div class="news_tags">标签：<a href="/tag/xiaoyuan.html">校园欺凌</a> <a href="/tag/zxx.html">中小学</a></div>
<div class="xgxw"><h3>相关新闻</h3><ul>{rel}</ul></div>
</div>
</div>
<div class="footer">Copyright © 2015-2023 教育资讯网 All Rights Reserved　京ICP备{rng.randint(10000000, 99999999)}号</div>
</body>
</html>
"""
    url = "https://www.jyzx-net.com/news/zhejiang/2022/0520/31245.html"
    return HPage("mirror_quotes_pubdate_in_body", "news-portal repost whose body opens with the original's 发布日期 line",
                 url, t.title, html_, "utf-8", "utf-8; declared charset=utf-8", blocks, "2022-05-18T10:30",
                 kind="mirror", mirror_posted="2022-05-20T08:41", source="浙江省教育厅", doc_number="浙教办基〔2022〕31号",
                 must_not=["如有侵权请联系删除", "相关新闻", rel_t[0], "标签：", "All Rights Reserved"])


def p21() -> HPage:
    """A Hong Kong news site reposting a mainland notice, Big5."""
    t = TEXTS["zh_yishu"]
    rng = random.Random("p21")
    blocks = t.blocks(S2HK)
    title = S2HK.convert(t.title)
    body = "\n".join(paras(blocks, "plain"))
    rel_titles = ["港澳子弟學校2023年招生安排公佈", "大灣區中小學姊妹學校交流計劃啟動", "珠海橫琴新區擬增設港式課程學校"]
    rel = "".join(f'<li><a href="/news/2023{rng.randint(1000, 9999)}/article_{rng.randint(1000, 9999)}.html">{x}</a></li>' for x in rel_titles)
    html_ = f"""<!DOCTYPE html>
<html lang="zh-HK">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=big5">
<title>{esc(title)} - 港澳教育資訊網</title>
</head>
<body>
<div id="header"><div class="inner"><a href="/" class="logo">港澳教育資訊網</a>
<ul id="menu"><li><a href="/">首頁</a></li><li><a href="/news/">教育新聞</a></li><li><a href="/gba/">大灣區</a></li><li><a href="/study/">升學資訊</a></li><li><a href="/contact/">聯絡我們</a></li></ul></div></div>
<div id="main">
<div class="breadcrumb"><a href="/">首頁</a> &gt; <a href="/gba/">大灣區</a> &gt; 內地教育</div>
<h1 class="headline">{esc(title)}</h1>
<div class="dateline">發佈時間：2023年6月3日（星期六）10:15　｜　轉載自：珠海市教育局網站</div>
<div class="newsText">
{body}
</div>
<div class="related"><h3>相關新聞</h3><ul>{rel}</ul></div>
</div>
<div id="footer">版權所有 &copy; 2023 港澳教育資訊網 保留一切權利</div>
</body>
</html>
"""
    url = "https://www.gaedu-hk.com/news/20230603/article_8812.html"
    return HPage("big5_hk_news_repost", "Hong Kong news-site repost in Big5 (s2hk text), 發佈時間 with weekday before the time",
                 url, title, html_, "big5", "big5; declared charset=big5", blocks, "2023-05-29", kind="mirror",
                 mirror_posted="2023-06-03T10:15", must_not=["相關新聞", rel_titles[0], "版權所有", "轉載自"],
                 flags=["script_converted"])


def p22() -> HPage:
    """Discuz! forum thread reposting the VSB notice (GBK), with replies."""
    t = TEXTS["fz_jiaozi"]
    rng = random.Random("p22")
    blocks = t.blocks()
    pid = 881234
    body = br_text(blocks, indent="", br="<br />\r")
    replies = [("kaobian_xm", "2023-3-30 08:02", "感谢楼主分享，正好这周去现场确认"),
               ("lanlan0521", "2023-3-30 12:47", "体检表在哪里下载啊？官网好像打不开")]

    def post(n: int, author: str, when: str, content: str, first: bool) -> str:
        num = "楼主" if first else f"{n}#"
        return f"""<div id="post_{pid + n}"><table id="pid{pid + n}" class="plhin" summary="pid{pid + n}" cellspacing="0" cellpadding="0">
<tr><td class="pls" rowspan="2"><div class="pi"><div class="authi"><a href="home.php?mod=space&amp;uid={rng.randint(10000, 99999)}" class="xw1">{author}</a></div></div>
<dl class="pil cl"><dt>积分</dt><dd>{rng.randint(10, 3000)}</dd></dl></td>
<td class="plc"><div class="pi"><strong><a href="forum.php?mod=redirect&amp;goto=findpost&amp;ptid=88123&amp;pid={pid + n}" id="postnum{pid + n}">{num}</a></strong>
<div class="pti"><div class="authi"><img class="authicn vm" src="static/image/common/online_member.gif" /><em id="authorposton{pid + n}">发表于 {when}</em><span class="pipe">|</span><a href="forum.php?mod=viewthread&amp;tid=88123&amp;page=1&amp;authorid=1">只看该作者</a></div></div></div>
<div class="pct"><div class="pcb"><div class="t_fsz"><table cellspacing="0" cellpadding="0"><tr><td class="t_f" id="postmessage_{pid + n}">
{content}</td></tr></table></div></div></div></td></tr>
<tr><td class="plc plm">{'<div class="sign">考编上岸，一起加油！</div>' if first else ''}</td></tr>
<tr><td class="pls"></td><td class="plc"><div class="po hin"><div class="pob cl"><em><a class="fastre" href="forum.php?mod=post&amp;action=reply">回复</a></em><p><a href="javascript:;">举报</a></p></div></div></td></tr>
</table></div>
"""
    first = ('<i class="pstatus"> 本帖最后由 jszg2023 于 2023-3-29 21:20 编辑 </i><br />\r<br />\r'
             f'<font size="3">{body}</font>')
    posts = post(0, "jszg2023", "2023-3-29 21:14", first, True)
    posts += "".join(post(i, a, w, c, False) for i, (a, w, c) in enumerate(replies, 1))
    html_ = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<title>{esc(t.title)} - 教师资格 -  福建教师论坛 -  Powered by Discuz!</title>
<meta name="keywords" content="{esc(t.title)}" />
<meta name="generator" content="Discuz! X3.4" />
<meta name="author" content="Discuz! Team and Comsenz UI Team" />
</head>
<body id="nv_forum" class="pg_viewthread">
<div id="toptb" class="cl"><div class="wp"><div class="z"><a href="javascript:;" onclick="setHomepage('https://bbs.fjjs123.com/');">设为首页</a><a href="https://bbs.fjjs123.com/" onclick="addFavorite(this.href, '福建教师论坛');return false;">收藏本站</a></div></div></div>
<div id="hd"><div class="wp"><div class="hdc cl"><h2><a href="./" title="福建教师论坛"><img src="static/image/common/logo.png" alt="福建教师论坛" border="0" /></a></h2></div>
<div id="nv"><ul><li><a href="portal.php">门户</a></li><li class="a"><a href="forum.php">论坛</a></li><li><a href="group.php">群组</a></li><li><a href="home.php">家园</a></li></ul></div></div></div>
<div id="wp" class="wp">
<div id="pt" class="bm cl"><div class="z"><a href="./" class="nvhm" title="首页">福建教师论坛</a> <em>&rsaquo;</em> <a href="forum.php">论坛</a> <em>&rsaquo;</em> <a href="forum.php?gid=3">教师招考</a> <em>&rsaquo;</em> <a href="forum-45-1.html">教师资格</a> <em>&rsaquo;</em> <a href="thread-88123-1-1.html">{esc(t.title)}</a></div></div>
<div id="ct" class="wp cl">
<div id="pgt" class="pgs mbm cl"><a id="newspecial" href="forum.php?mod=post&amp;action=newthread&amp;fid=45">发帖</a> <a id="post_reply" href="forum.php?mod=post&amp;action=reply&amp;tid=88123">回复</a> <a href="forum-45-1.html">返回列表</a></div>
<div id="postlist" class="pl bm">
<table cellspacing="0" cellpadding="0"><tr><td class="pls ptn pbn"><div class="hm ptn"><span class="xg1">查看:</span> <span class="xi1">3821</span><span class="pipe">|</span><span class="xg1">回复:</span> <span class="xi1">27</span></div></td>
<td class="plc ptm pbn vwthd"><h1 class="ts"><a href="forum.php?mod=forumdisplay&amp;fid=45&amp;filter=typeid&amp;typeid=12">[认定公告]</a> <span id="thread_subject">{esc(t.title)}</span></h1></td></tr></table>
{posts}</div>
</div></div>
<div id="ft" class="wp cl"><div id="flk" class="y"><p><a href="archiver/">Archiver</a><span class="pipe">|</span><a href="forum.php?mobile=yes">手机版</a><span class="pipe">|</span><strong><a href="https://bbs.fjjs123.com/">福建教师论坛</a></strong></p></div>
<div id="frt"><p>Powered by <strong><a href="http://www.discuz.net" target="_blank">Discuz!</a></strong> <em>X3.4</em></p><p class="xs0">&copy; 2001-2023 <a href="http://www.comsenz.com" target="_blank">Comsenz Inc.</a></p></div></div>
</body>
</html>
"""
    url = "https://bbs.fjjs123.com/thread-88123-1-1.html"
    return HPage("discuz_forum_repost_gbk", "Discuz! thread repost (td.t_f, <br /> lines, 本帖最后由…编辑, replies), GBK",
                 url, t.title, html_, "gbk", "gbk; declared charset=gbk", blocks, "2023-03-28", kind="mirror",
                 mirror_posted="2023-03-29T21:14",
                 must_not=["本帖最后由", "考编上岸", "感谢楼主分享", "体检表在哪里下载", "只看该作者", "Powered by"])


def p23() -> HPage:
    """A personal-library site (360doc-like) repost: bare date, 转藏/献花 widgets, disclaimer."""
    t = TEXTS["cs_ruxue"]
    rng = random.Random("p23")
    blocks = t.blocks()
    body = "\n".join(paras(blocks, "plain"))
    guess, guess_t = side(rng, 5, href="/content/23/0425/{}_1081.shtml", dates=False)
    html_ = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(t.title)}</title>
<meta name="description" content="{esc("".join(gold_lines(blocks))[:70])}">
</head>
<body>
<div class="header"><div class="w"><a class="logo" href="/">书香文库·个人图书馆</a><div class="top-r"><a href="/login">登录</a> <a href="/reg">注册</a></div></div></div>
<div class="w main">
<div class="a_left">
<div class="biaoti"><h2 id="titiletext">{esc(t.title)}</h2></div>
<div class="a_info"><span class="a_user"><a href="/userhome/81234567">教育观察员</a></span><span class="a_date">2023-04-25</span><span class="a_ip">江苏</span><span>阅 1234</span><span>转 56</span></div>
<div class="a_tools"><a href="javascript:;">转藏</a> <a href="javascript:;">全屏</a> <a href="javascript:;">打印</a> <a href="javascript:;">分享</a> <a href="javascript:;">献花(0)</a></div>
<div id="artContent" class="articleContent">
{body}
</div>
<div class="a_from">来自: <a href="/userhome/81234567">教育观察员</a> &gt; 《教育政策》</div>
<div class="a_disc">本站是提供个人知识管理的网络存储空间，所有内容均由用户发布，不代表本站观点。请注意甄别内容中的联系方式、诱导购买等信息，谨防诈骗。</div>
<div class="a_guess"><h3>猜你喜欢</h3><ul>{guess}</ul></div>
</div>
</div>
</body>
</html>
"""
    url = "http://www.shuxiangwk.com/content/23/0425/09/81234567_1081234567.shtml"
    return HPage("personal_library_repost", "personal-library repost (360doc-like): bare date, 转藏/献花, disclaimer, table",
                 url, t.title, html_, "utf-8", "utf-8; declared charset=utf-8", blocks, "2023-04-18", kind="mirror",
                 mirror_posted="2023-04-25",
                 must_not=["献花", "转藏", "本站是提供个人知识管理的网络存储空间", "猜你喜欢", guess_t[0], "来自:"])


def p24() -> HPage:
    """A school's VSB site reposting the county bureau's notice."""
    t = TEXTS["yx_fangxun"]
    rng = random.Random("p24")
    blocks = t.blocks()
    owner, news_id = 1392817465, 3412
    html_, must = vsb_page(title=t.title, blocks=blocks, site="安徽省岳西中学", column="校园公告", prov="皖",
                           meta_line="发布时间：2023-06-17&nbsp;&nbsp;&nbsp;&nbsp;作者：政教处&nbsp;&nbsp;&nbsp;&nbsp;来源：县教体局&nbsp;&nbsp;&nbsp;&nbsp;",
                           atts=[], rng=rng, news_id=news_id, owner=owner)
    url = f"http://www.yxzx.ah.cn/info/1005/{news_id}.htm"
    return HPage("vsb_school_repost", "a school's 博达 VSB site reposting the county notice", url, t.title, html_, "utf-8",
                 "utf-8; declared charset=UTF-8", blocks, "2023-06-15", kind="mirror", mirror_posted="2023-06-17",
                 source="县教体局", must_not=[m for m in must if m != "已下载"])


PAGES = [p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16, p17, p18,
         p19, p20, p21, p22, p23, p24]


# ============================================================================ build
def visible_text(doc_html: str) -> str:
    tree = lxml.html.fromstring(doc_html)
    for bad in tree.xpath("//script|//style|//head"):
        bad.drop_tree()
    return "".join(tree.text_content().split())


def gold_of(p: HPage) -> dict:
    return {
        "url": p.url,
        "portal_kind": p.kind,
        "encoding_note": p.note,
        "title": p.title,
        "published": p.published,
        "mirror_posted": p.mirror_posted,
        "source": p.source,
        "issuer": p.issuer,
        "doc_number": p.doc_number,
        "index_number": p.index_number,
        "attachments": [{"title": t, "url": urljoin(p.url, htmllib.unescape(h))} for t, h in p.attachments]
        if p.kind == "official" else [],
        "body": "\n".join(gold_lines(p.blocks)),
        "must_not_contain": list(dict.fromkeys(p.must_not)),
        "flags_expected": sorted(p.flags),
    }


def check(slug: str, p: HPage, data: bytes, gold: dict) -> None:
    """The page really shows every gold line and every trap; no trap is in the gold body."""
    assert data.decode(p.codec) == p.html, slug
    seen = visible_text(p.html)
    flat_html = "".join(p.html.split())
    body_flat = "".join(gold["body"].split())
    for line in gold["body"].split("\n"):
        assert "".join(line.split()) in seen, f"{slug}: gold line not visible: {line[:40]}"
    for needle in gold["must_not_contain"]:
        flat = "".join(needle.split())
        assert flat not in body_flat, f"{slug}: must-not string in gold body: {needle}"
        assert flat in seen or flat in flat_html, f"{slug}: trap not on page: {needle}"
    assert "".join(gold["title"].split()) in seen, f"{slug}: title not visible"
    for _title, h in p.attachments:
        assert h in p.html, f"{slug}: attachment href not on page: {h}"
    for field_ in ("source", "issuer", "doc_number", "index_number"):
        if gold[field_]:
            assert "".join(gold[field_].split()) in seen, f"{slug}: {field_} not visible"


def main() -> int:
    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    for old in PAGES_DIR.glob("*.*"):
        old.unlink()
    for number, make in enumerate(PAGES, 1):
        p = make()
        slug = f"h{number:02d}_{p.slug}"
        data = p.html.encode(p.codec)  # strict: a page must be encodable in its own charset
        gold = gold_of(p)
        check(slug, p, data, gold)
        (PAGES_DIR / f"{slug}.html").write_bytes(data)
        (PAGES_DIR / f"{slug}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(PAGES)} pages to {PAGES_DIR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
