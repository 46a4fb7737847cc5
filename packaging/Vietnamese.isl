; Vietnamese messages for the ebgov installer, layered over Inno Setup's Default.isl (English): any
; message not listed here falls back to English. Inno Setup has no official Vietnamese translation.
; UTF-8 with BOM.

[LangOptions]
LanguageName=Tiếng Việt
LanguageID=$042A
LanguageCodePage=0

[Messages]
SetupAppTitle=Cài đặt
SetupWindowTitle=Cài đặt - %1
UninstallAppTitle=Gỡ cài đặt
UninstallAppFullTitle=Gỡ cài đặt %1
ButtonBack=< &Quay lại
ButtonNext=&Tiếp >
ButtonInstall=&Cài đặt
ButtonOK=Đồng ý
ButtonCancel=Hủy
ButtonYes=&Có
ButtonYesToAll=Có cho &tất cả
ButtonNo=&Không
ButtonNoToAll=K&hông cho tất cả
ButtonFinish=&Hoàn tất
ButtonBrowse=&Chọn...
ButtonWizardBrowse=C&họn...
ButtonNewFolder=&Tạo thư mục mới
SelectLanguageTitle=Chọn ngôn ngữ cài đặt
SelectLanguageLabel=Chọn ngôn ngữ dùng trong quá trình cài đặt.
ClickNext=Nhấn Tiếp để tiếp tục, hoặc Hủy để thoát.
BrowseDialogTitle=Chọn thư mục
BrowseDialogLabel=Chọn một thư mục trong danh sách rồi nhấn Đồng ý.
NewFolderName=Thư mục mới
WelcomeLabel1=Chào mừng đến với chương trình cài đặt [name]
WelcomeLabel2=Chương trình sẽ cài đặt [name/ver] vào máy tính.%n%nNên đóng các ứng dụng khác trước khi tiếp tục.
WizardSelectDir=Chọn thư mục cài đặt
SelectDirDesc=Cài đặt [name] vào đâu?
SelectDirLabel3=[name] sẽ được cài đặt vào thư mục sau.
SelectDirBrowseLabel=Nhấn Tiếp để tiếp tục. Muốn chọn thư mục khác, nhấn Chọn.
DiskSpaceGBLabel=Cần ít nhất [gb] GB dung lượng trống.
DiskSpaceMBLabel=Cần ít nhất [mb] MB dung lượng trống.
WizardSelectTasks=Chọn tác vụ bổ sung
SelectTasksDesc=Cần thực hiện thêm tác vụ nào?
SelectTasksLabel2=Chọn các tác vụ bổ sung khi cài đặt [name], rồi nhấn Tiếp.
WizardReady=Sẵn sàng cài đặt
ReadyLabel1=Chương trình đã sẵn sàng cài đặt [name] vào máy tính.
ReadyLabel2a=Nhấn Cài đặt để bắt đầu, hoặc Quay lại để xem lại hay thay đổi lựa chọn.
ReadyLabel2b=Nhấn Cài đặt để bắt đầu.
ReadyMemoDir=Thư mục cài đặt:
ReadyMemoTasks=Tác vụ bổ sung:
WizardPreparing=Đang chuẩn bị cài đặt
WizardInstalling=Đang cài đặt
InstallingLabel=Vui lòng chờ trong khi [name] được cài đặt vào máy tính.
FinishedHeadingLabel=Hoàn tất cài đặt [name]
FinishedLabelNoIcons=[name] đã được cài đặt vào máy tính.
FinishedLabel=[name] đã được cài đặt vào máy tính. Có thể mở chương trình bằng biểu tượng vừa tạo.
ClickFinish=Nhấn Hoàn tất để đóng chương trình cài đặt.
ExitSetupTitle=Thoát cài đặt
ExitSetupMessage=Việc cài đặt chưa xong. Nếu thoát bây giờ, chương trình sẽ không được cài đặt.%n%nCó thể chạy lại chương trình cài đặt vào lúc khác.%n%nThoát cài đặt?
StatusExtractFiles=Đang giải nén tệp...
StatusCreateIcons=Đang tạo biểu tượng...
StatusRollback=Đang hoàn tác các thay đổi...
ConfirmUninstall=Gỡ bỏ hoàn toàn %1? Dữ liệu báo cáo của đơn vị được giữ lại.
UninstallStatusLabel=Vui lòng chờ trong khi %1 được gỡ khỏi máy tính.
UninstalledAll=Đã gỡ %1 khỏi máy tính. Dữ liệu báo cáo vẫn được giữ lại.
WizardUninstalling=Trạng thái gỡ cài đặt
StatusUninstalling=Đang gỡ %1...
SetupAlreadyRunning=Chương trình cài đặt đang chạy.
AdminPrivilegesRequired=Cần quyền quản trị để cài đặt chương trình này.
DirExists=Thư mục:%n%n%1%n%nđã có. Vẫn cài đặt vào thư mục này?
DirDoesntExist=Thư mục:%n%n%1%n%nchưa có. Tạo thư mục này?
